// The web process: an HTTP server on $PORT, as Heroku's router requires.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 5006);
const dyno = process.env.DYNO ?? 'web.?';
let served = 0;

const server = createServer((request, response) => {
  served++;
  response.setHeader('content-type', 'text/plain; charset=utf-8');
  response.end(`${process.env.GREETING ?? 'Hello'}\nserved by ${dyno} (request ${served})\n`);
  console.log(`${request.method} ${request.url} -> 200`);
});

// Bind every interface: on Heroku a server that only listens on 127.0.0.1 never boots (R10).
server.listen(port, () => console.log(`listening on port ${port}`));

// Heroku sends SIGTERM and waits 30 seconds before SIGKILL: finish what is in flight, then exit.
process.on('SIGTERM', () => {
  console.log('SIGTERM received, closing the server');
  server.close(() => process.exit(0));
});
