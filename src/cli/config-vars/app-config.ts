// The app's config vars as the config commands read them: a Procfile is not needed for them.
import type { AppLocation } from '../../config/load-app.js';
import { loadApp } from '../../config/load-app.js';

export function appConfig(location: AppLocation): ReturnType<typeof loadApp> {
  return loadApp({ ...location, procfileOptional: true }, {});
}
