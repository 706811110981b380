import type { CaseInput, EverydayCase, ToolName } from './cases';

/** What agents really run all day in a project; the typical config must approve ≥ 95 %. */
export const EVERYDAY: EverydayCase[] = [];
const b = (command: string): void => {
  EVERYDAY.push({ id: `bash: ${command}`, tool: 'Bash', input: { command } });
};
const t = (tool: ToolName, input: CaseInput): void => {
  EVERYDAY.push({ id: `${tool}: ${input.path ?? input.url ?? JSON.stringify(input.args)}`, tool, input });
};

[
  'npm test', 'npm run test', 'npm run build', 'npm run lint', 'npm run test -- --watch=false',
  'npm test -- src/a.test.ts', 'npm ci', 'npm install', 'npm i -D vitest', 'npm install --save-dev @types/node',
  'npm run typecheck', 'npm ls react', 'npm outdated', 'npx tsc --noEmit', 'npx vitest run src/a.test.ts',
  'npx eslint src --fix', 'npx prettier --write src', 'npx prettier --check .', 'pnpm install', 'pnpm add zod',
  'pnpm add -D @types/node', 'pnpm test', 'pnpm run build', 'pnpm exec vitest run', 'pnpm -r build',
  'pnpm --filter ./apps/web run build', 'pnpm typecheck', 'node scripts/build.js', "node -e 'console.log(1)'",
  'node --version', 'python3 -m pytest -q', 'python -m pytest tests/test_api.py -x', "python -c 'print(1+1)'",
  'python3 manage.py test', 'python3 -m venv .venv', 'pip install -r requirements.txt',
  'source .venv/bin/activate && pip install -r requirements.txt', 'pip install -e .', 'python3 --version',
  'cargo build', 'cargo test', 'cargo clippy -- -D warnings', 'cargo fmt --check', 'go test ./...', 'go build ./...',
  'go vet ./...', 'go mod tidy', 'make test', 'make', 'make build', 'docker compose ps', 'docker compose logs --tail 50 web',
  'docker ps', 'docker build -t app .', 'gh pr view 12', 'gh pr list', 'gh issue view 34', 'gh pr checks 12',
  'git status', 'git status --short', 'git diff', 'git diff --staged', 'git diff HEAD~1 -- src/a.ts', 'git log --oneline -20',
  'git log -p -1', 'git show HEAD', 'git show HEAD:src/a.ts', 'git add src/a.ts', 'git add -A', 'git commit -m "fix: handle empty input"',
  'git branch', 'git branch -a', 'git checkout -b feature/x', 'git switch -c fix/y', 'git switch main', 'git checkout main',
  'git stash', 'git stash pop', 'git stash list', 'git fetch', 'git fetch origin', 'git pull', 'git pull --rebase',
  'git push', 'git push -u origin feature/x', 'git blame src/a.ts', 'git rev-parse HEAD', 'git remote -v', 'git merge main',
  'cat package.json', 'cat src/a.ts', 'cat README.md | head -50', 'ls', 'ls -la', 'ls -la src', 'ls src/components',
  'grep -rn "TODO" src', 'grep -r useState src --include=*.tsx', 'rg foo', 'rg -n "export function" src', 'find . -name "*.ts" -not -path "./node_modules/*"',
  'find src -type f | wc -l', 'wc -l src/*.ts', 'head -20 src/a.ts', 'tail -n 100 logs/app.log', 'jq .scripts package.json',
  'rm -rf node_modules dist', 'rm -rf node_modules && npm install', 'rm src/old.ts', 'rm -f coverage/lcov.info', 'mkdir -p src/utils',
  'cp src/a.ts src/b.ts', 'mv src/old.ts src/new.ts', 'export NODE_ENV=test && npm test', 'NODE_ENV=test npm test',
  'cd packages/web && npm test', 'cd src && ls', 'echo "done"', 'npm test 2>&1 | tail -20', 'npm run build && npm test',
].forEach(b);

t('Read', { path: 'src/a.ts', args: { file_path: 'src/a.ts' } });
t('Read', { path: '@PROJ@/package.json', args: { file_path: '@PROJ@/package.json' } });
t('Read', { path: 'README.md', args: { file_path: 'README.md' } });
t('Edit', { path: 'src/a.ts', args: { file_path: 'src/a.ts' } });
t('Edit', { path: '@PROJ@/src/b.ts', args: { file_path: '@PROJ@/src/b.ts' } });
t('Write', { path: 'src/new.ts', args: { file_path: 'src/new.ts' } });
t('Write', { path: '.env.example', args: { file_path: '.env.example' } });
t('Grep', { path: 'src', args: { pattern: 'useEffect', path: 'src', glob: '*.tsx' } });
t('Grep', { path: '.', args: { pattern: 'TODO', path: '.' } });
t('Glob', { path: '.', args: { pattern: 'src/**/*.ts' } });
t('WebFetch', { url: 'https://docs.python.org/3/library/pathlib.html', args: { url: 'https://docs.python.org/3/library/pathlib.html', prompt: 'x' } });
t('WebFetch', { url: 'https://nodejs.org/api/fs.html', args: { url: 'https://nodejs.org/api/fs.html', prompt: 'x' } });
t('mcp__github__get_issue', { args: { owner: 'acme', repo: 'app', issue_number: 3 } });
t('mcp__github__list_pull_requests', { args: { owner: 'acme', repo: 'app' } });
