// Plain HTTP and HTTPS on the router's one port, as Heroku serves an app on both. The first byte
// a client sends tells them apart: 0x16 opens a TLS handshake (a TLS record of type handshake),
// while an HTTP request starts with a method's letter. The byte is put back, and the connection
// goes to the TLS server (which decrypts, then hands the plain stream to the same HTTP server)
// or straight to the HTTP server.
import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import type { TlsCredentials } from './localhost-certificate.js';

const TLS_HANDSHAKE = 0x16;

const ignore = (): void => undefined;

export class ProtocolSplit {
  readonly #serveHttp: (socket: Socket) => void;
  readonly #credentials: (() => Promise<TlsCredentials>) | undefined;
  #tlsServer: Promise<TlsServer> | undefined;
  /** Every client connection, for close(): the HTTP server knows only those it was handed. */
  readonly #sockets = new Set<Socket>();

  /**
   * `serveHttp` gets each plain connection and each decrypted TLS connection. Without
   * `credentials` there is no TLS: a handshake reaches the HTTP server, which answers 400.
   */
  constructor(
    serveHttp: (socket: Socket) => void,
    credentials: (() => Promise<TlsCredentials>) | undefined,
  ) {
    this.#serveHttp = serveHttp;
    this.#credentials = credentials;
  }

  /**
   * Puts the split in front of `server`: the HTTP server still listens (and tracks, times out
   * and closes its connections), but its own connection handler now gets each plain
   * connection and each decrypted TLS one.
   */
  static install(
    server: HttpServer,
    credentials: (() => Promise<TlsCredentials>) | undefined,
  ): ProtocolSplit {
    const [serveHttp] = server.listeners('connection') as ((socket: Socket) => void)[];
    if (serveHttp === undefined || server.listenerCount('connection') !== 1) {
      throw new Error('node:http changed: its server has no single connection handler');
    }
    server.removeListener('connection', serveHttp);
    const split = new ProtocolSplit((socket) => serveHttp.call(server, socket), credentials);
    server.on('connection', (socket: Socket) => split.accept(socket));
    return split;
  }

  accept(socket: Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    // A client that resets before any server owns its connection is no error of the router's.
    socket.on('error', ignore);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE && this.#credentials !== undefined) {
        void this.#acceptTls(socket);
      } else {
        this.#serveHttp(socket);
        process.nextTick(() => socket.resume());
      }
    });
  }

  /** Loads or makes the certificate now, if that has not started yet; resolves when ready. */
  prepareTls(): Promise<void> {
    return this.#tls().then(
      () => undefined,
      () => undefined,
    );
  }

  destroyAll(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  #tls(): Promise<TlsServer> {
    const credentials = this.#credentials;
    if (credentials === undefined) return Promise.reject(new Error('no TLS credentials'));
    // node:tls loads with the certificate, once a web dyno is up: not before the first dyno.
    this.#tlsServer ??= Promise.all([credentials(), import('node:tls')]).then(
      ([{ key, cert }, tls]) => {
        // HTTP/1.1 only: the router speaks HTTP/1.1 to clients and dynos alike.
        const server = tls.createServer({ key, cert, ALPNProtocols: ['http/1.1'] }, (secure) =>
          this.#serveHttp(secure),
        );
        server.on('tlsClientError', ignore); // a client that rejects the certificate, say
        return server;
      },
    );
    return this.#tlsServer;
  }

  async #acceptTls(socket: Socket): Promise<void> {
    try {
      const server = await this.#tls();
      if (socket.destroyed) return;
      server.emit('connection', socket);
    } catch {
      socket.destroy();
    }
  }
}
