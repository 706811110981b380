import type { ProgramModel } from './spec';

/**
 * Download tools. What goes out (uploads, form files, `-d @file`) is checked for secrets by
 * secretArgs; output files (`-o`, `-O` next to the cwd, `--output-dir`) must stay inside the
 * workspace; options that read config or run code (`-K`, `--config`, `--libcurl`) are left out.
 */
export const NETWORK_TOOLS: Record<string, ProgramModel> = {
  curl: {
    opts: '-s -S -L -f -i -I -v -k -4 -6 -g -G -N -O -J -Z -# --silent --show-error --location --fail --fail-with-body --include --head --verbose --insecure --compressed --globoff --get --no-buffer --remote-name --remote-header-name --remote-name-all --parallel --progress-bar -o=w --output=w --output-dir=w --create-dirs -X= --request= -H= --header= -d= --data= --data-raw= --data-binary= --data-urlencode= --json= -F= --form= --form-string= -T=r --upload-file=r -u= --user= -A= --user-agent= -e= --referer= -b= --cookie= -c=w --cookie-jar=w -m= --max-time= --connect-timeout= --retry= --retry-delay= --retry-max-time= --retry-all-errors -w= --write-out= --max-redirs= --http1.1 --http2 --url= --range= -r= --limit-rate= --proto= --proto-redir= --tlsv1.2 --cacert=r --resolve= --noproxy= -x= --proxy= --unix-socket=r --abstract-unix-socket=r --oauth2-bearer= --no-progress-meter --stderr=w -D=w --dump-header=w --trace-ascii=w --trace=w',
    operands: 'data',
  },
  wget: {
    opts: '-q -nv -v -c -N -r -np -nd -nH -k -p -O=w --output-document=w -P=w --directory-prefix=w -o=w --output-file=w -a=w --append-output=w -t= --tries= -T= --timeout= --no-check-certificate --user-agent= -U= --header= --quiet --no-verbose --continue --timestamping --recursive --no-parent --level= -l= --show-progress --progress= --spider -S --server-response --max-redirect= --post-data= --post-file=r --body-file=r --method=',
    operands: 'data',
  },
  ping: { opts: '-c= -W= -i= -q -4 -6 -n', operands: 'data', maxOperands: 1 },
  dig: { opts: '-t= -x=', operands: 'data' },
  nslookup: { operands: 'data', maxOperands: 2 },
  host: { opts: '-t= -a -v', operands: 'data', maxOperands: 2 },
};
