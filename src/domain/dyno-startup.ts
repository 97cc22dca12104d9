// What a dyno's shell does before the command, as on Heroku: Dev Center "Buildpack API" — at
// dyno start, bash sources every `.profile.d/*.sh` (buildpacks put WEB_CONCURRENCY, PATH and
// NODE_ENV defaults there), with the config vars already in the environment; then Dev Center
// "Dyno Startup Behavior" — `$HOME/.profile` is sourced, after the .profile.d scripts and the
// config vars, so it can override both; then the command runs. This applies to every dyno:
// formation, one-off (`heroku run`) and release.
//
// Locally the files are the app root's (Heroku's $HOME is the app root, /app); hdev keeps your own
// HOME. The script reaches bash through BASH_ENV, which non-interactive bash sources before
// `bash -c <command>`, so the command still runs exactly as written (and a single command still
// replaces the shell); the script unsets BASH_ENV first, so bash scripts the app runs do not
// source the profile again.

/** The profile files that exist in an app root, as hdev checks them before a spawn. */
export interface ProfileFiles {
  readonly profile: boolean;
  readonly profileD: boolean;
}

export function needsStartupScript(files: ProfileFiles): boolean {
  return files.profile || files.profileD;
}

/** Pure: the startup script. bash's glob sorts `.profile.d/*.sh` alphabetically. */
export function dynoStartupScript(): string {
  return [
    '# Written by hdev: Heroku sources .profile.d/*.sh, then .profile, before every dyno command.',
    'unset BASH_ENV',
    'for __hdev_profile_script in .profile.d/*.sh; do',
    '  if [ -r "$__hdev_profile_script" ]; then . "$__hdev_profile_script"; fi',
    'done',
    'unset __hdev_profile_script',
    'if [ -r .profile ]; then . ./.profile; fi',
    '',
  ].join('\n');
}
