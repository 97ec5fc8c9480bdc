// Type-level helpers for contracts between a reader's type and the type of what it reads: the SPA's
// Thumbtack types against the fake's (spa-fake-types.ts). Types only; nothing here exists at run time.

/** Compiles only when T is `true`; when T is a message, the compiler prints it. */
export type Assert<T extends true> = T;

/** Whether A can stand wherever B is expected. The brackets stop unions from being split. */
export type Extends<A, B> = [A] extends [B] ? true : false;

export type IsAny<T> = 0 extends 1 & T ? true : false;

/** Every key of every member of a union (`keyof` of a union keeps only the keys all members share). */
export type Keys<T> = T extends unknown ? keyof T : never;

/** The object part of a field: array elements unwrapped, `undefined`, `null` and primitives dropped. */
type ObjectPart<T> = T extends readonly (infer E)[] ? ObjectPart<E> : Extract<NonNullable<T>, object>;

/** The type of field K in whichever members of the union T have it. */
type FieldOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * What is wrong with reading Fake through the type Spa, as messages naming the path (`never` when
 * nothing is). Checked at every depth, through nested objects and array elements:
 * - a field of Spa that Fake lacks ("not in the fake"), including the keys an index signature opens;
 * - a field typed `any` or `unknown` on either side, or an object type with no fields at all on the Spa
 *   side: a type that loose would agree with anything;
 * - a field whose Fake type is not assignable to the Spa type ("type differs"): among others a field
 *   Spa requires that the fake may leave out, or a narrower union on the Spa side.
 */
export type Problems<Spa, Fake, Path extends string> =
  IsAny<Spa> extends true
    ? `${Path}: any in the SPA`
    : IsAny<Fake> extends true
      ? `${Path}: any in the fake`
      : unknown extends Spa
        ? `${Path}: unknown in the SPA`
        : unknown extends Fake
          ? `${Path}: unknown in the fake`
          : FieldProblems<ObjectPart<Spa>, ObjectPart<Fake>, Path> extends infer Found
            ? [Found] extends [never]
              ? Extends<Fake, Spa> extends true
                ? never
                : `${Path}: type differs`
              : Found
            : never;

type FieldProblems<Spa, Fake, Path extends string> = [Spa] extends [never]
  ? never
  : [Keys<Spa>] extends [never]
    ? `${Path}: an object type with no fields`
    : {
        [K in Keys<Spa> & string]: K extends Keys<Fake>
          ? Problems<FieldOf<Spa, K>, FieldOf<Fake, K>, `${Path}.${K}`>
          : `${Path}.${K}: not in the fake`;
      }[Keys<Spa> & string];

/**
 * `true` when every field the SPA's type declares is in the fake's type, at every depth, and whatever
 * the fake sends is assignable to what the SPA reads; otherwise the problems, as messages. Use it as
 * `Assert<Contract<Spa, Fake, 'Name'>>`.
 */
export type Contract<Spa, Fake, Name extends string> = [Problems<Spa, Fake, Name>] extends [never]
  ? true
  : Problems<Spa, Fake, Name>;

/**
 * The same for a request body, the other way round: what the SPA sends must be assignable to what the
 * fake accepts, and name only fields the fake's type knows.
 */
export type BodyContract<Spa, Fake, Name extends string> =
  Extends<Spa, Fake> extends true
    ? [Problems<Spa, Spa, Name> | KeyProblems<Spa, Fake, Name>] extends [never]
      ? true
      : Problems<Spa, Spa, Name> | KeyProblems<Spa, Fake, Name>
    : `${Name}: the SPA's body is not assignable to the fake's`;

/** Only the unknown-field part of Problems. */
type KeyProblems<Spa, Fake, Path extends string> = Extract<
  Problems<Spa, Fake, Path>,
  `${string}: not in the fake`
>;

/** Whether two types accept exactly the same values (each assignable to the other). */
export type Same<A, B> = [Extends<A, B>, Extends<B, A>] extends [true, true] ? true : false;
