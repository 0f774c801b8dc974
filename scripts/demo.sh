#!/usr/bin/env bash
# `make demo`: iamgate's main job on the bundled examples — which awscc.imagebuilder.images operations may each of
# three example principals perform, and why; then the same against a local stand-in for AWS, and gated execution
# through its Cloud Control; last, an audit of the example account written as an HTML page. Exit codes of the checks
# are expected to differ (0/2/3); the demo itself fails only if iamgate fails to run (exit 1 or 64).
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/iamgate
ex=policies/examples

run() {
    echo
    echo "\$ iamgate $*"
    "$bin" "$@"
    local code=$?
    echo "(exit $code)"
    if [ "$code" -eq 1 ] || [ "$code" -eq 64 ]; then exit "$code"; fi
}

echo "== 1. A read-only auditor: reads and lists images, nothing else"
run check --principal arn:aws:iam::111122223333:user/image-auditor \
    --policy "$ex/image-auditor.json" --region us-east-1

echo
echo "== 2. A CI deployer role with a permissions boundary, checking the statements it is about to run"
run check --principal arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42 \
    --policy "$ex/ci-deployer.json" --boundary "$ex/ci-deployer-boundary.json" \
    --sql-file "$ex/sql/deploy-image.iql" --var region=us-east-1 --var env=prod

echo
echo "== 3. An over-broad admin, limited by an SCP that protects released images"
run check --principal arn:aws:iam::111122223333:user/ops-admin \
    --policy "$ex/ops-admin.json" \
    --scp "$ex/scp-full-access.json" --scp "$ex/scp-protect-images.json" --region us-east-1

echo
echo "== 4. The evaluation cases behind these rules"
run eval "$ex/cases/evaluation-cases.json"

echo
echo "== 5. Asking AWS: whoami, --from-account and --compare, against a local stand-in for IAM, STS and Cloud Control"
echo "   (no AWS account here: scripts/fake-aws-server.py checks every signature as AWS does and replays the"
echo "   simulator's answers for the CI deployer role, including an SCP of the organization that AWS sees and the"
echo "   account's policies cannot show)"
.venv/bin/python3 scripts/demo-live.py || exit 1

echo
echo "== 6. Every user and role of the example account, audited, as one HTML page to open in a browser"
mkdir -p demo-output
report=demo-output/audit-111122223333.html
echo
echo "\$ iamgate audit --authorization-details $ex/accounts/111122223333.json --region us-east-1 --format html > $report"
"$bin" audit --authorization-details "$ex/accounts/111122223333.json" --region us-east-1 --format html >"$report"
code=$?
echo "(exit $code)"
if [ "$code" -eq 6 ]; then
    echo "   6: some principals could not be resolved (a user's managed policy is missing from the file); the page lists them"
fi
if [ "$code" -eq 1 ] || [ "$code" -eq 64 ]; then exit "$code"; fi
echo "The audit is written to $(pwd)/$report: open it in a browser (it is one file and fetches nothing)."
