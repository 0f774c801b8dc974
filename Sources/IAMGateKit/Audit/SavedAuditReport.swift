import IAMPolicy
import JSON

/// A report `iamgate audit --format json` wrote, read back by `AuditReportReader` for `audit diff` and `audit merge`:
/// what the audit was asked, each principal's verdicts (not their evidence) and where its line is in the file, the
/// unresolved principals, and the escalations and expectations as written.
public struct SavedAuditReport: Sendable {
    /// One user or role of the report's `principals`.
    public struct Row: Sendable {
        public var arn: String
        public var type: AuditPrincipalType
        public var account: String
        /// One verdict per column, in column order.
        public var verdicts: [Verdict]
        /// Where the principal's object is in the file (its bytes are one line of the report).
        public var bytes: Range<Int>

        public init(arn: String, type: AuditPrincipalType, account: String, verdicts: [Verdict], bytes: Range<Int>) {
            self.arn = arn
            self.type = type
            self.account = account
            self.verdicts = verdicts
            self.bytes = bytes
        }
    }

    /// The file, as given.
    public var path: String
    /// The file's size in bytes: `audit merge` reads it again to copy the principals' lines, and checks it did not
    /// change in between.
    public var size: Int
    public var resource: String
    public var source: CheckSource
    public var mode: EvaluationMode
    /// The report's `inputs`: first the accounts' (`accountInputs` of them), then those of every account.
    public var inputs: [String]
    public var accountInputs: Int
    /// The report's `operations`: the column titles.
    public var columns: [String]
    public var principals: [Row]
    public var errors: [AuditError]
    public var escalations: [JSONOutput]
    public var expectations: [JSONOutput]
    public var notes: [String]
    /// `--from-organization`: the audited account's SCPs and RCPs as read, as written.
    public var organization: JSONOutput?

    /// The inputs that describe the accounts read (one per authorization-details file or account fetch).
    public var accountInputLines: [String] { Array(inputs.prefix(accountInputs)) }

    /// The inputs every account of the report was audited with: the organization's levels, the operations or SQL, the
    /// region, the principal patterns, the context.
    public var sharedInputs: [String] { Array(inputs.dropFirst(accountInputs)) }

    /// The accounts of the principals, then of the unresolved principals, in report order (as `AuditReport.accounts`).
    public var accounts: [String] {
        var seen: Set<String> = []
        return (principals.map(\.account) + errors.map(\.account)).filter { seen.insert($0).inserted }
    }
}
