// "Did you mean …?": the known name closest to a misspelt one, for config errors in the packs and
// in ksl. Levenshtein distance, accepted up to a third of the name's length.

function distance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[b.length];
}

/** The closest of `known` to `name`, or undefined when none is plausibly what was meant. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestD = Infinity;
    const n = name.toLowerCase().slice(0, 200);
    for (const k of known) {
        const d = distance(n, k.toLowerCase());
        if (d < bestD) (best = k), (bestD = d);
    }
    return best !== undefined && bestD <= Math.max(2, Math.ceil(name.length / 3)) ? best : undefined;
}

/** ` (did you mean 'x'?)`, or nothing. */
export function didYouMean(name: string, known: Iterable<string>): string {
    const c = closestName(name, known);
    return c ? ` (did you mean '${c}'?)` : "";
}
