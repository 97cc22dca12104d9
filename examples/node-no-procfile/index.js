// A Node.js app with no Procfile: Heroku's Node.js buildpack runs `web: npm start`, and so does hdev.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`Hello from ${process.env.DYNO} (no Procfile: npm start)\n`);
});
server.listen(Number(process.env.PORT), () => console.log(`listening on ${process.env.PORT}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
