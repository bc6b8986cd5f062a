#!/usr/bin/env bash
# The action's scan step: one ksl scan with the inputs, the report written to KSL_OUTPUT, the
# verdict and report path as step outputs; exit 1 on a mandatory finding unless told not to.
set -uo pipefail
args=(scan)
read -r -a paths <<< "${KSL_PATHS:-.}"
args+=("${paths[@]}")
read -r -a packs <<< "${KSL_PACKS:-aks}"
for p in "${packs[@]}"; do args+=(--pack "$p"); done
[ -n "${KSL_CONFIG:-}" ] && args+=(--config "$KSL_CONFIG")
args+=(--format "${KSL_FORMAT:-sarif}" --output "${KSL_OUTPUT:-ksl.sarif}")
node "$GITHUB_ACTION_PATH/bin/ksl.js" "${args[@]}"
code=$?
case $code in
    0) verdict=passed ;;
    1) verdict=blocked ;;
    *) echo "ksl: scan failed (exit $code)" >&2; exit "$code" ;;
esac
{
    echo "report=${KSL_OUTPUT:-ksl.sarif}"
    echo "verdict=$verdict"
} >> "${GITHUB_OUTPUT:-/dev/null}"
if [ "$verdict" = blocked ] && [ "${KSL_FAIL_ON_MANDATORY:-true}" = true ]; then exit 1; fi
exit 0
