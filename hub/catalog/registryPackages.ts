// server.json `packages[]` -> stdio server candidates: npm via `npx -y id@version`, pypi via
// `uvx id==version`, oci via `docker run -i --rm image:version`. Values the user must supply are
// listed as inputs; arguments that need them carry `{name}` placeholders.
import type { ValueRef } from '../../shared/types';
import { HubError } from '../core/errors';
import type { RegistryArgument, RegistryKeyValueInput, RegistryPackage } from './registrySchema';
import type { RegistryPackageCandidate, RegistryUserInput } from './registryTypes';

const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const PYPI_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const OCI_IMAGE = /^[a-z0-9][a-z0-9._/:@-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_~-]*$/;
const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_-]*)\}/g;

export type PackageResult = { ok: true; candidate: RegistryPackageCandidate } | { ok: false; reason: string };

/** Converts one package; `path` (`packages[1]`) names it in errors. */
export function packageToCandidate(pkg: RegistryPackage, name: string, description: string, path: string): PackageResult {
  if (pkg.transport.type !== 'stdio') {
    return { ok: false, reason: `its transport is ${pkg.transport.type}, which needs the package running locally first; start it yourself and add its URL` };
  }
  const registryType = pkg.registryType;
  if (registryType !== 'npm' && registryType !== 'pypi' && registryType !== 'oci') {
    return { ok: false, reason: `registry type "${registryType}" is not supported yet (npm, pypi and oci are)` };
  }
  checkIdentifier(pkg, registryType, path);

  const inputs: RegistryUserInput[] = [];
  const env: Record<string, ValueRef> = {};
  for (const variable of pkg.environmentVariables ?? []) addEnv(variable, env, inputs);
  const runtimeArgs = argumentsToTokens(pkg.runtimeArguments ?? [], inputs);
  const packageArgs = argumentsToTokens(pkg.packageArguments ?? [], inputs);

  let command: string;
  let args: string[];
  if (registryType === 'npm') {
    command = 'npx';
    args = ['-y', ...runtimeArgs, pkg.version ? `${pkg.identifier}@${pkg.version}` : pkg.identifier, ...packageArgs];
  } else if (registryType === 'pypi') {
    command = 'uvx';
    args = [...runtimeArgs, pkg.version ? `${pkg.identifier}==${pkg.version}` : pkg.identifier, ...packageArgs];
  } else {
    command = 'docker';
    const envFlags = (pkg.environmentVariables ?? []).flatMap((variable) => ['-e', variable.name]);
    args = ['run', '-i', '--rm', ...envFlags, ...runtimeArgs, ociImage(pkg.identifier, pkg.version), ...packageArgs];
  }
  return {
    ok: true,
    candidate: {
      kind: 'package',
      registryType,
      identifier: pkg.identifier,
      ...(pkg.version ? { version: pkg.version } : {}),
      name,
      description,
      transport: { type: 'stdio', command, args, env },
      inputs,
    },
  };
}

/** Identifiers and versions become command-line arguments: refuse anything that could act as an option. */
function checkIdentifier(pkg: RegistryPackage, registryType: 'npm' | 'pypi' | 'oci', path: string): void {
  const rule = registryType === 'npm' ? NPM_NAME : registryType === 'pypi' ? PYPI_NAME : OCI_IMAGE;
  if (!rule.test(pkg.identifier)) {
    throw new HubError('VALIDATION_FAILED', `Invalid server.json: ${path}.identifier ${JSON.stringify(pkg.identifier)} is not a valid ${registryType} package name. Fix the identifier.`);
  }
  if (pkg.version !== undefined && !VERSION.test(pkg.version)) {
    throw new HubError('VALIDATION_FAILED', `Invalid server.json: ${path}.version ${JSON.stringify(pkg.version)} is not a plain version (no ranges, spaces or leading dashes). Use an exact version like 1.2.3.`);
  }
}

function ociImage(identifier: string, version: string | undefined): string {
  const lastSegment = identifier.slice(identifier.lastIndexOf('/') + 1);
  return version && !lastSegment.includes(':') && !identifier.includes('@') ? `${identifier}:${version}` : identifier;
}

function addEnv(variable: RegistryKeyValueInput, env: Record<string, ValueRef>, inputs: RegistryUserInput[]): void {
  const secret = variable.isSecret === true || anyVariableSecret(variable.variables);
  const fixed = variable.value !== undefined && !hasPlaceholder(variable.value);
  if (fixed && !secret && variable.value !== undefined) {
    env[variable.name] = { value: variable.value };
    return;
  }
  if (!secret && variable.value === undefined && variable.default !== undefined) env[variable.name] = { value: variable.default };
  inputs.push(registryInput('env', variable.name, variable, secret, variable.value !== undefined && hasPlaceholder(variable.value) ? variable.value : undefined));
}

/** Turns arguments into command-line tokens; values the user supplies become `{name}` placeholders. */
function argumentsToTokens(list: ReadonlyArray<RegistryArgument>, inputs: RegistryUserInput[]): string[] {
  const tokens: string[] = [];
  list.forEach((arg, index) => {
    const inputName = arg.type === 'named' ? arg.name.replace(/^-+/, '') || `arg${index}` : (arg.valueHint ?? `arg${index}`);
    const flag = arg.type === 'named' ? [arg.name] : [];
    if (arg.value !== undefined && !hasPlaceholder(arg.value)) {
      tokens.push(...flag, arg.value);
      return;
    }
    if (arg.value !== undefined) {
      // A value built from variables, e.g. `--header=Authorization: Bearer {token}`.
      for (const [name, variable] of Object.entries(arg.variables ?? {})) inputs.push(registryInput('argument', name, variable, variable.isSecret === true));
      for (const name of placeholders(arg.value)) {
        if (!arg.variables?.[name]) inputs.push({ kind: 'argument', name, required: true, secret: false });
      }
      tokens.push(...flag, arg.value);
      return;
    }
    const secret = arg.isSecret === true;
    inputs.push(registryInput('argument', inputName, arg, secret));
    if (arg.isRequired === true || arg.default !== undefined) tokens.push(...flag, `{${inputName}}`);
  });
  return tokens;
}

export function registryInput(kind: RegistryUserInput['kind'], name: string, source: RegistryKeyValueInput | RegistryArgument | NonNullable<RegistryKeyValueInput['variables']>[string], secret: boolean, template?: string): RegistryUserInput {
  return {
    kind,
    name,
    ...(source.description !== undefined ? { description: source.description } : {}),
    required: source.isRequired === true,
    secret,
    ...(source.default !== undefined && !secret ? { default: source.default } : {}),
    ...(source.placeholder !== undefined ? { placeholder: source.placeholder } : {}),
    ...(source.choices !== undefined ? { choices: source.choices } : {}),
    ...(source.format !== undefined ? { format: source.format } : {}),
    ...(template !== undefined ? { template } : {}),
  };
}

export function hasPlaceholder(value: string): boolean {
  return placeholders(value).length > 0;
}

export function placeholders(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

export function anyVariableSecret(variables: RegistryKeyValueInput['variables']): boolean {
  return Object.values(variables ?? {}).some((variable) => variable.isSecret === true);
}
