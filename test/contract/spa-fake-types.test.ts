import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// spa-fake-types.ts passes `tsc --noEmit` only if its checks hold. This shows the checks can fail: it
// compiles a small probe, which imports the same helpers, with pairs that drifted and pairs that did
// not, and expects exactly the drifted ones rejected, each with a message naming the field. The probe
// lives in memory only, so no other run of tsc ever sees it.

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const probePath = join(here, 'drift-probe.ts');

function repoConfig(): ts.ParsedCommandLine {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
}

interface Case {
  name: string;
  /** Type declarations of the case; `Spa` and `Fake` are renamed apart per case. */
  types: string;
  check: string;
  /** The message the compiler must print, or null when the pair must compile. */
  rejects: string | null;
}

const CASES: Case[] = [
  {
    name: 'the real lead types agree',
    types: '',
    check: "Assert<Contract<Negotiation, NegotiationV4, 'Negotiation'>>",
    rejects: null,
  },
  {
    name: 'the SPA declares request.booking, which the fake lacks',
    types: `type Spa = Omit<Negotiation, 'request'> & {
      request?: NonNullable<Negotiation['request']> & { booking?: { start: string; duration?: number } };
    };`,
    check: "Assert<Contract<Spa, NegotiationV4, 'Negotiation'>>",
    rejects: 'Negotiation.request.booking: not in the fake',
  },
  {
    name: 'a field inside an array element is missing from the fake',
    types: `type Spa = { items: { id: string; colour?: string }[] };
      type Fake = { items: { id: string; size: number }[] };`,
    check: "Assert<Contract<Spa, Fake, 'List'>>",
    rejects: 'List.items.colour: not in the fake',
  },
  {
    name: 'the SPA requires a field the fake may leave out',
    types: `type Spa = { owner: { name: string } };
      type Fake = { owner: { name?: string } };`,
    check: "Assert<Contract<Spa, Fake, 'Thing'>>",
    rejects: 'Thing.owner.name: type differs',
  },
  {
    name: 'the types of a field disagree',
    types: `type Spa = { count: string };
      type Fake = { count: number };`,
    check: "Assert<Contract<Spa, Fake, 'Thing'>>",
    rejects: 'Thing.count: type differs',
  },
  {
    name: 'the SPA expects fewer values than the fake sends',
    types: `type Spa = { status: 'Open' | 'Canceled' };
      type Fake = { status: 'Open' | 'Canceled' | 'Picked' };`,
    check: "Assert<Contract<Spa, Fake, 'Thing'>>",
    rejects: 'Thing.status: type differs',
  },
  {
    name: 'the SPA type is any',
    types: 'type Spa = any;\n      type Fake = { id: string };',
    check: "Assert<Contract<Spa, Fake, 'Thing'>>",
    rejects: 'Thing: any in the SPA',
  },
  {
    name: 'a field of the SPA type is any',
    types: `type Spa = { id: string; extra: any };
      type Fake = { id: string; extra: { a: string } };`,
    check: "Assert<Contract<Spa, Fake, 'Thing'>>",
    rejects: 'Thing.extra: any in the SPA',
  },
  {
    name: 'the SPA type is an open record',
    types: `type Spa = Record<string, string>;
      type Fake = { id: string };`,
    check: "Assert<Contract<Spa, Fake, 'Thing'>>",
    rejects: 'not in the fake',
  },
  {
    name: 'the SPA type has no fields at all',
    types: `type Spa = {};
      type Fake = { id: string };`,
    check: "Assert<Contract<Spa, Fake, 'Thing'>>",
    rejects: 'Thing: an object type with no fields',
  },
  {
    name: "a key of one member of the fake's union may be read as optional",
    types: `type Spa = { id: string; businessID?: string };
      type Fake = { id: string } & ({ businessID: string } | { userID: string });`,
    check: "Assert<Contract<Spa, Fake, 'Webhook'>>",
    rejects: null,
  },
  {
    name: 'a body the fake accepts',
    types: `type Spa = { text: string };
      type Fake = { text: string; note?: string };`,
    check: "Assert<BodyContract<Spa, Fake, 'Body'>>",
    rejects: null,
  },
  {
    name: 'a body that leaves out a field the fake requires',
    types: `type Spa = { text?: string };
      type Fake = { text: string };`,
    check: "Assert<BodyContract<Spa, Fake, 'Body'>>",
    rejects: "Body: the SPA's body is not assignable to the fake's",
  },
  {
    name: 'a body with a field the fake does not know',
    types: `type Spa = { text: string; urgent: boolean };
      type Fake = { text: string };`,
    check: "Assert<BodyContract<Spa, Fake, 'Body'>>",
    rejects: 'Body.urgent: not in the fake',
  },
];

/** Each case in lines of its own, its types renamed apart, so the line of a diagnostic names its case. */
function probeSource(): { text: string; caseAt: (line: number) => number } {
  const header = [
    "import type { Negotiation } from '../../web/features/leads/api/types';",
    "import type { NegotiationV4 } from '../mocks/thumbtack/types.ts';",
    "import type { Assert, BodyContract, Contract } from './type-contract.ts';",
  ];
  const starts: number[] = [];
  const lines = [...header];
  CASES.forEach((c, i) => {
    const rename = (code: string) => code.replace(/\bSpa\b/g, `Spa${i}`).replace(/\bFake\b/g, `Fake${i}`);
    starts.push(lines.length);
    lines.push(`// ${c.name}`, ...rename(c.types).split('\n'), `export type Check${i} = ${rename(c.check)};`);
  });
  const caseAt = (line: number) => starts.findLastIndex((start) => start <= line);
  return { text: `${lines.join('\n')}\n`, caseAt };
}

function compileProbe(text: string): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    ...repoConfig().options,
    noEmit: true,
    skipLibCheck: true,
    // The probe needs no ambient types (node, vite/client); leaving them out keeps the compile small.
    types: [],
  };
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === probePath || fileExists.call(host, file);
  host.readFile = (file) => (file === probePath ? text : readFile.call(host, file));
  host.getSourceFile = (file, language, ...rest) =>
    file === probePath
      ? ts.createSourceFile(file, text, language, true)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram({ rootNames: [probePath], options, host });
  return ts.getPreEmitDiagnostics(program);
}

describe('the SPA-fake type contract', () => {
  it('is part of the typecheck', () => {
    const files = repoConfig().fileNames.map((file) => relative(root, file).split('\\').join('/'));
    expect(files).toContain('test/contract/spa-fake-types.ts');
    expect(files).toContain('test/contract/type-contract.ts');
  });

  it('rejects each drifted pair, naming the field, and accepts the others', () => {
    const probe = probeSource();
    const diagnostics = compileProbe(probe.text);

    const elsewhere = diagnostics.filter((d) => d.file?.fileName !== probePath);
    expect(elsewhere.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);

    const messages: string[][] = CASES.map(() => []);
    for (const d of diagnostics) {
      if (!d.file || d.start === undefined) continue;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      messages[probe.caseAt(line)]?.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    }
    const outcome = CASES.map((c, i) => ({
      name: c.name,
      rejected: (messages[i] ?? []).length > 0,
      namesTheProblem: c.rejects === null || (messages[i] ?? []).some((m) => m.includes(c.rejects ?? '')),
    }));
    expect(outcome).toEqual(
      CASES.map((c) => ({ name: c.name, rejected: c.rejects !== null, namesTheProblem: true })),
    );
  });
});
