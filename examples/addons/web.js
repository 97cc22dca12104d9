// The web dyno: reads the greeting the release phase wrote to Postgres (through psql, as a
// Heroku dyno can) and the worker's count from Redis.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { redis } from './resp.js';

function greeting() {
  return new Promise((resolve, reject) => {
    execFile(
      'psql',
      [process.env.DATABASE_URL, '-At', '-c', 'SELECT body FROM greetings ORDER BY id LIMIT 1'],
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(stdout.trim()),
    );
  });
}

createServer(async (request, response) => {
  try {
    const [body, [ticks]] = await Promise.all([
      greeting(),
      redis(process.env.REDIS_URL, [['GET', 'ticks']]),
    ]);
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(`${body} (${process.env.DYNO}); worker ticks in Redis: ${ticks ?? 0}\n`);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' });
    response.end(`${error.message}\n`);
  }
}).listen(Number(process.env.PORT), () => console.log(`listening on ${process.env.PORT}`));
