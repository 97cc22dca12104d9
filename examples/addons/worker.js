// The worker dyno: counts in Redis once a second.
import { redis } from './resp.js';

setInterval(async () => {
  try {
    const [ticks] = await redis(process.env.REDIS_URL, [['INCR', 'ticks']]);
    console.log(`tick ${ticks}`);
  } catch (error) {
    console.log(`redis: ${error.message}`);
  }
}, 1000);
