import { shortFlags, type Arg } from './args';
import { deny, escalate, type Verdict } from './verdict';

const PRIVILEGE = new Set(['sudo', 'su', 'doas', 'pkexec', 'runuser', 'sudoedit']);
const DISK = /^(mkfs(\..+)?|mke2fs|mkswap|wipefs|fdisk|sfdisk|cfdisk|gdisk|sgdisk|parted|blkdiscard)$/;
const POWER = new Set(['shutdown', 'reboot', 'halt', 'poweroff']);

/** Whole-machine and whole-account damage that no rule may allow. */
export function checkSystem(name: string, args: Arg[]): Verdict | null {
  const words = args.map((a) => a.text ?? '');
  if (PRIVILEGE.has(name)) return deny('privilege', `${name} runs commands as another user`);
  if (DISK.test(name)) return deny('disk-format', `${name} formats or repartitions a disk`);
  if (POWER.has(name)) return deny('power', `${name} stops the machine`);
  switch (name) {
    case 'systemctl':
      return ['reboot', 'poweroff', 'halt', 'suspend', 'hibernate', 'kexec'].includes(words[0] ?? '') ? deny('power', `systemctl ${words[0]} stops the machine`) : null;
    case 'init':
    case 'telinit':
      return ['0', '6'].includes(words[0] ?? '') ? deny('power', `${name} ${words[0]} stops the machine`) : null;
    case 'kill':
      return checkKill(words);
    case 'pkill':
    case 'killall':
    case 'killall5':
      return deny('kill-broad', `${name} kills processes by name, which can hit other agents and Architect itself`);
    case 'crontab':
      if (words.some((w) => shortFlags(w)?.includes('r'))) return deny('crontab-remove', 'crontab -r deletes every scheduled job');
      return words.some((w) => w === '-l' || w === '-u') && !words.some((w) => w === '-e' || !w.startsWith('-')) ? null : escalate('crontab-edit', 'changes scheduled jobs');
    case 'history':
      return words.some((w) => shortFlags(w)?.includes('c')) ? deny('history-clear', 'history -c erases the shell history') : null;
    case 'docker':
    case 'podman':
      if (/^(system|volume|container|image|network|builder) prune$/.test(words.slice(0, 2).join(' '))) return deny('docker-prune', `${name} ${words[0]} prune deletes data of every project`);
      if (/^(run|create|container)$/.test(words[0] ?? '') && words.some((w) => /^--(privileged|pid=host|userns=host|cap-add)/.test(w) || /^(-v|--volume|--mount)$/.test(w) || /^--(volume|mount)=/.test(w))) {
        return escalate('container-host-access', `${name} ${words[0]} with host mounts or privileges reaches outside the workspace`);
      }
      return null;
    case 'pm2':
      return ['kill', 'delete', 'stop', 'restart', 'flush'].includes(words[0] ?? '') && (words[0] === 'kill' || words.includes('all'))
        ? deny('kill-broad', `pm2 ${words.join(' ')} stops every PM2 process, Architect's daemons included`)
        : null;
    case 'tmux':
      if (words.includes('kill-server')) return deny('kill-broad', 'tmux kill-server ends every agent session');
      return words.some((w) => w === 'kill-session' || w === 'kill-window' || w === 'kill-pane') ? escalate('tmux-kill', 'ends a tmux session, window or pane') : null;
    case 'alias':
      return words.some((w) => w.includes('=')) ? escalate('alias', 'an alias can make a harmless name run anything') : null;
    case 'env':
    case 'printenv':
    case 'set':
    case 'declare':
    case 'typeset':
    case 'export':
      return dumpsEnvironment(name, words) ? escalate('env-dump', `${name} prints environment variables, which hold API keys`) : null;
    case 'gh':
      return /^(repo|release|secret|ssh-key|gpg-key) delete/.test(words.slice(0, 2).join(' ')) ? deny('gh-delete', `gh ${words[0]} delete removes data on GitHub`) : null;
    default:
      return checkPublish(name, words);
  }
}

/** `kill -9 -1` signals every process the user owns; pid 1 is init. */
function checkKill(words: string[]): Verdict | null {
  let i = 0;
  if (words[0] === '-s' || words[0] === '-n') i = 2;
  else if (words[0] !== undefined && /^-([A-Za-z]+|\d+)$/.test(words[0]) && words[0] !== '-l') i = 1;
  if (words[i] === '--') i++;
  const pids = words.slice(i);
  if (pids.some((p) => p === '')) return escalate('kill-unresolved', 'kill with process ids only known at run time (e.g. from pgrep) can hit any process');
  return pids.some((p) => p === '-1' || p === '1' || p === '0' || p === '-0') ? deny('kill-all', `kill ${pids.join(' ')} signals every process (or init)`) : null;
}

function dumpsEnvironment(name: string, words: string[]): boolean {
  if (name === 'env' || name === 'printenv') return words.filter((w) => !w.startsWith('-')).length === 0;
  if (name === 'set') return words.length === 0;
  return words.length === 0 || words.every((w) => w === '-p' || w === '-x');
}

const PUBLISHERS: Record<string, RegExp> = {
  npm: /^(publish|unpublish|deprecate|dist-tag|owner|access|token)$/,
  pnpm: /^(publish)$/,
  yarn: /^(publish|npm)$/,
  bun: /^(publish)$/,
  cargo: /^(publish|yank|owner)$/,
  twine: /^(upload|register)$/,
  gem: /^(push|yank|owner)$/,
  poetry: /^(publish)$/,
};

/** Publishing is irreversible and public; global installs write outside the workspace. */
function checkPublish(name: string, words: string[]): Verdict | null {
  const verb = words.find((w) => !w.startsWith('-'));
  const re = PUBLISHERS[name];
  if (re && verb && re.test(verb)) {
    if (name === 'yarn' && verb === 'npm' && !words.includes('publish')) return null;
    return deny('publish', `${name} ${verb} publishes or changes a package in a public registry`);
  }
  if (['npm', 'pnpm', 'yarn', 'bun'].includes(name) && words.some((w) => w === '-g' || w === '--global' || w === 'global')) {
    return escalate('global-install', `${name} with --global changes the machine outside the workspace`);
  }
  return null;
}
