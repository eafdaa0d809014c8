/**
 * What the app prints once it listens: the URL, the API token (demo only), which providers are
 * real or fake, the demo ids and copy-paste curl commands. No provider secret is ever printed.
 */
import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED, ZITADEL_SEED } from '@grantkit/testing';
import type { AppRuntime } from './app-runtime.js';

/**
 * The shell computes "now + 8 hours" when the command runs (a fixed timestamp would go stale).
 * Node is on PATH wherever the app runs, so this works in bash and zsh on Linux and macOS alike.
 */
export const IN_8_HOURS = `$(node -p 'new Date(Date.now()+8*3600e3).toISOString()')`;

/** Check-in today, check-out in three days (UTC dates), computed by the shell like IN_8_HOURS. */
export const TODAY = `$(node -p 'new Date().toISOString().slice(0,10)')`;
export const IN_3_DAYS = `$(node -p 'new Date(Date.now()+3*864e5).toISOString().slice(0,10)')`;

/** Every shell expression the printed commands contain (the e2e test substitutes them when it replays). */
export const SHELL_EXPRESSIONS = [IN_8_HOURS, TODAY, IN_3_DAYS] as const;

export interface CurlCommand {
  title: string;
  command: string;
}

export function curlCommands(baseUrl: string, tokenText: string, runtime: AppRuntime): CurlCommand[] {
  const auth = `-H "Authorization: Bearer ${tokenText}"`;
  const post = (path: string, body: string) => `curl -sS -X POST "${baseUrl}${path}" ${auth} -H "Content-Type: application/json" -d '${body}'`;
  const { modes } = runtime.providers;
  const out: CurlCommand[] = [];
  if (modes.atomicwork === 'fake') {
    out.push({
      title: 'Give Ada the GitHub "engineering" group (an Atomicwork entitlement):',
      command: post(
        '/api/grants',
        `{"provider":"atomicwork","subject":{"userId":"${ATOMICWORK_SEED_IDS.users.ada}"},"target":{"entitlementId":"${ATOMICWORK_SEED_IDS.entitlements.githubEngineering}"},"reason":"new hire"}`,
      ),
    });
  }
  if (modes.zitadel === 'fake') {
    out.push({
      title: 'Make Alice on-call admin in ZITADEL for 8 hours (your shell computes the end time):',
      command: post(
        '/api/grants',
        `{"provider":"zitadel","subject":{"userId":"${ZITADEL_SEED.users.alice}"},"target":{"projectId":"${ZITADEL_SEED.projectId}","roleKeys":["admin","oncall"]},"window":{"endsAt":"'"${IN_8_HOURS}"'"},"reason":"on-call shift"}`,
      ),
    });
  }
  if (modes.seam === 'fake') {
    // The same command on the same day is the same booking: the stay comes back (200), not a second one.
    out.push({
      title: 'Give a guest a door code for a 3-night stay in unit 101 (Seam; waits up to 5 s for the PIN):',
      command: post(
        '/api/stays?waitMs=5000',
        `{"guest":{"fullName":"Ada Guest","email":"ada.guest@example.com"},"spaces":["${SEAM_FAKE_SEED.spaces.unit101}"],"startsAt":"'"${TODAY}"'T00:00:00Z","endsAt":"'"${IN_3_DAYS}"'T11:00:00Z","methods":["code"],"reservationKey":"demo-booking-1"}`,
      ),
    });
  }
  out.push({ title: 'List the grants:', command: `curl -sS "${baseUrl}/api/grants" ${auth}` });
  return out;
}

export function bannerText(baseUrl: string, runtime: AppRuntime): string {
  const { modes, fakeUrls } = runtime.providers;
  // Only a token this run generated is printed; one the operator chose stays out of the logs.
  const showToken = runtime.allFake && !runtime.config.apiToken;
  const tokenText = showToken ? runtime.apiToken : '$GRANTKIT_API_TOKEN';
  const lines: string[] = [];
  lines.push('', `grantkit example app listening on ${baseUrl}`, '');
  lines.push('Providers:');
  for (const name of ['atomicwork', 'zitadel', 'seam'] as const) {
    lines.push(`  ${name.padEnd(11)} ${modes[name] === 'fake' ? `fake (embedded, ${fakeUrls[name]})` : 'real (credentials from the environment)'}`);
  }
  lines.push(`Store:     SQLite ${runtime.dbPath}${runtime.allFake ? ' (emptied at start: the fakes forget everything when the app stops)' : ''}`);
  lines.push(`Sweeps:    every ${runtime.config.sweepIntervalMs} ms`);
  if (showToken) {
    lines.push(`API token: ${runtime.apiToken} (generated for this run; set GRANTKIT_API_TOKEN to choose one)`);
  } else {
    lines.push('API token: from GRANTKIT_API_TOKEN (not printed)');
  }
  const demo = demoIds(runtime);
  if (demo.length > 0) lines.push('', 'Demo IDs (seeded in the fakes):', ...demo);
  const commands = curlCommands(baseUrl, tokenText, runtime);
  lines.push('', 'Try it (copy and paste):');
  if (!showToken) {
    // The token stays out of the output, so the commands read it from the shell they are pasted in.
    lines.push(
      '',
      '# These commands take the token from $GRANTKIT_API_TOKEN in your shell: where it is not set, they get a 401.',
      "# First run: export GRANTKIT_API_TOKEN='<the token you configured>' (from apps/example/.env or your environment)",
    );
  }
  for (const c of commands) lines.push('', `# ${c.title}`, c.command);
  lines.push('', `Liveness: ${baseUrl}/healthz (no token). OpenAPI: ${baseUrl}/api/openapi.json. Stop with Ctrl+C.`, '');
  return lines.join('\n');
}

function demoIds(runtime: AppRuntime): string[] {
  const { modes } = runtime.providers;
  const out: string[] = [];
  if (modes.atomicwork === 'fake') {
    const a = ATOMICWORK_SEED_IDS;
    out.push(
      `  Atomicwork  users: ada ${a.users.ada}, grace ${a.users.grace}, alan ${a.users.alan}`,
      `              apps: GitHub ${a.apps.github}, Salesforce ${a.apps.salesforce}, Slack ${a.apps.slack}`,
      `              entitlements: GitHub engineering ${a.entitlements.githubEngineering}, GitHub org-admins ${a.entitlements.githubAdmins}, Salesforce Sales User ${a.entitlements.salesforceUser}, Salesforce license ${a.entitlements.salesforceLicense}`,
    );
  }
  if (modes.zitadel === 'fake') {
    const z = ZITADEL_SEED;
    out.push(
      `  ZITADEL     project "Grantkit Demo" ${z.projectId}, roles: ${z.roleKeys.join(', ')}`,
      `              users: alice ${z.users.alice}, bob ${z.users.bob} (org Acme ${z.orgId})`,
    );
  }
  if (modes.seam === 'fake') {
    const s = SEAM_FAKE_SEED;
    out.push(
      `  Seam        spaces: building ${s.spaces.building}, unit 101 ${s.spaces.unit101}`,
      `              doors: front door ${s.devices.frontDoor}, unit door ${s.devices.unitDoor}; entrances: lobby ${s.acsEntrances.lobby}, garage ${s.acsEntrances.garage}`,
    );
  }
  return out;
}
