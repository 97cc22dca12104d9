// The release phase: runs once before the dynos start, like database migrations on Heroku.
// A non-zero exit here would stop the release, and no dyno would start.
console.log(`release phase: migrating ${process.env.DATABASE_URL ?? '(no DATABASE_URL)'}`);
console.log('release phase: done');
