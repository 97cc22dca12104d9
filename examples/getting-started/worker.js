// The worker process: does background work, here a tick every WORKER_INTERVAL_MS.
const interval = Number(process.env.WORKER_INTERVAL_MS ?? 1000);
let ticks = 0;

const timer = setInterval(() => {
  ticks++;
  console.log(`tick ${ticks}: working on ${process.env.DATABASE_URL ?? '(no DATABASE_URL)'}`);
}, interval);

process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log(`SIGTERM received after ${ticks} ticks, exiting`);
  process.exit(0);
});
