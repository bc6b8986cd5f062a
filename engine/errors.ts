/** An error the user can fix (bad input, bad usage): printed as one line, exit code 2, no stack. */
export class UserError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UserError";
    }
}
