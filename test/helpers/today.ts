// Pins "today" (KSL_TODAY, read by the waiver and exemption checks) for the enclosing describe block.
export function pinToday(date: string): void {
    let saved: string | undefined;
    before(() => {
        saved = process.env.KSL_TODAY;
        process.env.KSL_TODAY = date;
    });
    after(() => {
        if (saved === undefined) delete process.env.KSL_TODAY;
        else process.env.KSL_TODAY = saved;
    });
}
