/**
 * W&B's `command` list for a sweep `program`, expanded to the argv of one run. Pure: the caller
 * writes the `${args_json_file}` file and spawns the result without a shell, so a parameter value
 * is always one argument, whatever characters it holds.
 *
 * Macros (W&B's names and meanings):
 *   ${env}                    nothing here: kdlab spawns without a shell and searches PATH itself
 *                             (W&B writes /usr/bin/env for the same effect)
 *   ${interpreter}            python3 for .py (KDLAB_PYTHON overrides), node for .js/.mjs/.cjs, else nothing
 *   ${program}                the program's path
 *   ${args}                   --name=value per parameter
 *   ${args_no_hyphens}        name=value per parameter
 *   ${args_no_boolean_flags}  --name=value, but a true boolean is --name and a false one is left out
 *   ${args_json}              the parameters as one JSON argument
 *   ${args_json_file}         the path of a file holding the parameters as JSON
 * A macro may stand alone (it expands to zero or more arguments) or inside a word (`--cfg=${args_json_file}`).
 */
import { extname } from 'node:path';
import type { Params, ParamValue } from '../../domain/run.js';

export const MACROS = [
  'env',
  'interpreter',
  'program',
  'args',
  'args_no_hyphens',
  'args_no_boolean_flags',
  'args_json',
  'args_json_file',
] as const;
export type Macro = (typeof MACROS)[number];

/** W&B's default command. */
export const DEFAULT_COMMAND: readonly string[] = ['${env}', '${interpreter}', '${program}', '${args}'];

const MACRO_RE = /\$\{([^}]*)\}/g;

/** Each `${name}` in the command whose name is not a macro, with the index of its entry. */
export function unknownMacros(command: readonly string[]): { index: number; name: string }[] {
  const out: { index: number; name: string }[] = [];
  command.forEach((word, index) => {
    for (const m of word.matchAll(MACRO_RE)) if (!(MACROS as readonly string[]).includes(m[1])) out.push({ index, name: m[1] });
  });
  return out;
}

/** The interpreter W&B would pick for a program, from its extension. */
export function interpreterFor(program: string, env: Readonly<Record<string, string | undefined>> = {}): string[] {
  const ext = extname(program).toLowerCase();
  if (ext === '.py') return [env.KDLAB_PYTHON || 'python3'];
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ['node'];
  return [];
}

/** A value as W&B writes it on a command line (Python's str: True, False, None). */
export function formatArgValue(v: ParamValue): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null) return 'None';
  return String(v);
}

export interface ExpandContext {
  readonly program?: string;
  readonly params: Params;
  /** Path of the parameters file, for ${args_json_file}. */
  readonly paramsFile: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Expands the command to argv (argv[0] is the executable). Throws on an unknown macro (checked at config time too). */
export function expandCommand(command: readonly string[], ctx: ExpandContext): string[] {
  const entries = Object.entries(ctx.params);
  const values: Record<Macro, string[]> = {
    env: [],
    interpreter: ctx.program === undefined ? [] : interpreterFor(ctx.program, ctx.env),
    program: ctx.program === undefined ? [] : [ctx.program],
    args: entries.map(([k, v]) => `--${k}=${formatArgValue(v)}`),
    args_no_hyphens: entries.map(([k, v]) => `${k}=${formatArgValue(v)}`),
    args_no_boolean_flags: entries.flatMap(([k, v]) => (v === true ? [`--${k}`] : v === false ? [] : [`--${k}=${formatArgValue(v)}`])),
    args_json: [JSON.stringify(ctx.params)],
    args_json_file: [ctx.paramsFile],
  };
  const argv: string[] = [];
  for (const word of command) {
    const whole = /^\$\{([^}]*)\}$/.exec(word);
    if (whole) {
      argv.push(...macroValue(values, whole[1]));
      continue;
    }
    argv.push(word.replace(MACRO_RE, (_, name: string) => macroValue(values, name).join(' ')));
  }
  return argv;
}

function macroValue(values: Record<Macro, string[]>, name: string): string[] {
  if (!Object.hasOwn(values, name)) throw new Error(`unknown macro \${${name}}; valid: ${MACROS.map((m) => `\${${m}}`).join(', ')}`);
  return values[name as Macro];
}
