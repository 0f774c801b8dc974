/// The fuzz targets: one per parser of outside input, each running the input through what the command that reads it
/// does (parse, then use what parses: evaluate, check, render). `scripts/fuzz.sh` runs them under libFuzzer (the
/// `iamgate-fuzz` entry point); the test suite replays the inputs kept in `fixtures/fuzz-regressions/<name>/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Policy JSON: parsed as each policy type, linted, evaluated with explanations.
    case policy
    /// Evaluation-case files (`iamgate eval`).
    case evaluationCase = "evaluation-case"
    /// StackQL statements (`check --sql`, `exec --dry-run`; the deployment-query dialect).
    case sql
    /// stackql-deploy projects: manifest and query files (`check --manifest`).
    case manifest
    /// AWS config and credentials files, and what credential sources answer.
    case config
    /// IAM and STS XML answers.
    case xml
    /// Cloud Control JSON answers (`ProgressEvent`, `ResourceDescription`).
    case cloudcontrol
    /// StackQL provider documentation pages (`catalog import`).
    case mdx
    /// Authorization-details JSON (`check --authorization-details`).
    case authorizationDetails = "authorization-details"
    /// Plans saved by `check --save-plan` (`exec --plan`).
    case savedPlan = "saved-plan"
    /// exec's audit logs (`audit-log verify`).
    case auditLog = "audit-log"
    /// Expectations files (`audit --expectations`).
    case expectations
    /// Saved audit reports (`audit diff`, `audit merge`).
    case auditReport = "audit-report"

    /// Runs one input through the target. Inputs the command would refuse are refused the same way; nothing is
    /// printed, nothing leaves the process, and only the target's private temporary directory is written.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .policy: PolicyTarget.run(bytes)
        case .evaluationCase: EvaluationCaseTarget.run(bytes)
        case .sql: SQLTarget.run(bytes)
        case .manifest: ManifestTarget.run(bytes)
        case .config: ConfigTarget.run(bytes)
        case .xml: XMLResponseTarget.run(bytes)
        case .cloudcontrol: CloudControlResponseTarget.run(bytes)
        case .mdx: MDXPageTarget.run(bytes)
        case .authorizationDetails: AuthorizationDetailsTarget.run(bytes)
        case .savedPlan: SavedPlanTarget.run(bytes)
        case .auditLog: AuditLogTarget.run(bytes)
        case .expectations: ExpectationsTarget.run(bytes)
        case .auditReport: AuditReportTarget.run(bytes)
        }
    }
}
