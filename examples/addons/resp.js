// A tiny Redis client over the RESP protocol (node:net only), so the example needs no install.
import { connect } from 'node:net';

function encode(args) {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(String(arg))}\r\n${arg}\r\n`).join('')}`;
}

/** Runs the commands in order on one connection; resolves with one reply per command. */
export function redis(url, commands) {
  const { hostname, port, password } = new URL(url);
  const all = password === '' ? commands : [['AUTH', decodeURIComponent(password)], ...commands];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let buffer = '';
    const replies = [];
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(all.map(encode).join('')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end === -1) break;
        const line = buffer.slice(0, end);
        if (line[0] === '$') {
          const length = Number(line.slice(1));
          if (length === -1) {
            replies.push(null);
            buffer = buffer.slice(end + 2);
            continue;
          }
          if (buffer.length < end + 2 + length + 2) break;
          replies.push(buffer.slice(end + 2, end + 2 + length));
          buffer = buffer.slice(end + 2 + length + 2);
        } else {
          if (line[0] === '-') reject(new Error(line.slice(1)));
          replies.push(line[0] === ':' ? Number(line.slice(1)) : line.slice(1));
          buffer = buffer.slice(end + 2);
        }
      }
      if (replies.length >= all.length) {
        socket.end();
        resolve(replies.slice(all.length - commands.length));
      }
    });
  });
}
