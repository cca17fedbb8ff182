export interface DoctorArgs {
  model: string | undefined;
  /** Probe this provider only; undefined probes every one. */
  provider: string | undefined;
  json: boolean;
  help: boolean;
}

/** `--model M` (or `--model=M`), `--json`, `--help`; anything else is a usage error naming it. */
export function parseDoctorArgs(args: readonly string[]): DoctorArgs | { error: string } {
  const parsed: DoctorArgs = { model: undefined, provider: undefined, json: false, help: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--json') parsed.json = true;
    else if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--model' || arg === '-m') {
      const value = args[++index];
      if (!value || value.startsWith('-')) return { error: `${arg} needs a model name` };
      parsed.model = value;
    } else if (arg.startsWith('--model=')) {
      const value = arg.slice('--model='.length);
      if (!value) return { error: '--model needs a model name' };
      parsed.model = value;
    } else if (arg === '--provider') {
      const value = args[++index];
      if (!value || value.startsWith('-')) return { error: `${arg} needs a provider name` };
      parsed.provider = value;
    } else return { error: `unknown option "${arg}"` };
  }
  return parsed;
}
