// Values that cross the analyzer wire, defined once for the packs, the engine and the tests.

/** Pulumi's sentinel for a value not known during preview (@pulumi/pulumi runtime `unknownValue`). */
export const UNKNOWN_WIRE_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Key and signature marking a secret value (@pulumi/pulumi runtime `specialSigKey`, `specialSecretSig`). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A violation carries only a message and an enforcement level over the analyzer protocol, so a
 * waived finding says so in its message: this line, after the policy description.
 */
export function waivedLine(expires: string, justification: string): string {
    return `[waived until ${expires}: ${justification}]`;
}

/** Whether a violation message is a waived finding (see waivedLine). */
export function isWaivedMessage(message: string): boolean {
    return /^\[waived until /m.test(message);
}
