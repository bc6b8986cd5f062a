// Where each policy's generated reference page (docs/policies/<policy>.md) is published: the
// `url` Pulumi Cloud and SARIF viewers link a finding to. One base, so a move of the repository
// changes one line (test/catalog/consistency.spec.ts checks it against package.json's homepage).
export const POLICY_DOCS_BASE = "https://github.com/ksl-dev/k8s-security-library/blob/main/docs/policies/";

export function policyDocUrl(policy: string): string {
    return `${POLICY_DOCS_BASE}${policy}.md`;
}
