import type { AcceptanceCase } from '../cases';
import { argparse } from './argparse';
import { builtins } from './builtins';
import { classic } from './classic';
import { git } from './git';
import { inline } from './inline';
import { misparse } from './misparse';
import { nonbash } from './nonbash';
import { secrets } from './secrets';
import { writes } from './writes';

export const DANGEROUS: AcceptanceCase[] = [
  ...builtins, ...argparse, ...inline, ...secrets, ...git, ...writes, ...misparse, ...nonbash, ...classic,
];
