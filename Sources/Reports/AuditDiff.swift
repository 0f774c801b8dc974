import IAMPolicy

/// What changed between two audit reports (`iamgate audit diff OLD NEW`): per principal and operation, the access
/// gained and lost; the principals added and removed; the principals unresolved in the new report that were not in
/// the old; and how the two audits were asked differently. Data only: `ReportSentences` says it.
public struct AuditDiff: Sendable {
    /// One of the two reports, as far as the diff names it.
    public struct Side: Sendable, Hashable {
        /// The report's file, as given.
        public var path: String
        public var mode: EvaluationMode
        /// Its operations (column titles), in its order.
        public var columns: [String]
        public var accounts: [String]
        /// Principals checked, and principals that could not be resolved.
        public var principalCount: Int
        public var errorCount: Int

        public init(
            path: String, mode: EvaluationMode, columns: [String], accounts: [String], principalCount: Int,
            errorCount: Int
        ) {
            self.path = path
            self.mode = mode
            self.columns = columns
            self.accounts = accounts
            self.principalCount = principalCount
            self.errorCount = errorCount
        }
    }

    /// The StackQL resource both reports are about.
    public var resource: String
    public var old: Side
    public var new: Side
    /// The operations in both reports, in the new report's order: only these were compared.
    public var columns: [String]
    /// The inputs shared by every account (organization levels, operations or SQL, region, principal patterns,
    /// context) that only one of the reports was made with.
    public var inputsOnlyInOld: [String]
    public var inputsOnlyInNew: [String]
    /// Cells whose access grew (denied → undetermined → allowed; a new principal or operation counts as denied
    /// before), in the audit's order: account, users before roles, ARN, then column.
    public var gained: [AuditDiffChange]
    /// Cells whose access shrank, in the same order.
    public var lost: [AuditDiffChange]
    /// Principals (checked or unresolved) in only one of the reports, in the audit's order.
    public var added: [AuditDiffPrincipal]
    public var removed: [AuditDiffPrincipal]
    /// Principals the new report could not resolve and the old one could (or did not have): their access now is
    /// unknown, so none of their cells counts as gained or lost.
    public var newErrors: [AuditError]
    /// Cells compared whose access is the same in both reports.
    public var unchanged: Int

    public init(
        resource: String, old: Side, new: Side, columns: [String], inputsOnlyInOld: [String] = [],
        inputsOnlyInNew: [String] = [], gained: [AuditDiffChange] = [], lost: [AuditDiffChange] = [],
        added: [AuditDiffPrincipal] = [], removed: [AuditDiffPrincipal] = [], newErrors: [AuditError] = [],
        unchanged: Int = 0
    ) {
        self.resource = resource
        self.old = old
        self.new = new
        self.columns = columns
        self.inputsOnlyInOld = inputsOnlyInOld
        self.inputsOnlyInNew = inputsOnlyInNew
        self.gained = gained
        self.lost = lost
        self.added = added
        self.removed = removed
        self.newErrors = newErrors
        self.unchanged = unchanged
    }

    /// The old report's operations that the new one does not have: not compared.
    public var columnsOnlyInOld: [String] { old.columns.filter { !new.columns.contains($0) } }
    /// The new report's operations that the old one does not have: not compared.
    public var columnsOnlyInNew: [String] { new.columns.filter { !old.columns.contains($0) } }

    /// Whether both audits were asked the same: mode, operations and the inputs every account shares.
    public var sameInputs: Bool {
        old.mode == new.mode && columnsOnlyInOld.isEmpty && columnsOnlyInNew.isEmpty && inputsOnlyInOld.isEmpty
            && inputsOnlyInNew.isEmpty
    }

    /// Whether more than one account appears, so that principals are named with their account.
    public var severalAccounts: Bool { Set(old.accounts + new.accounts).count > 1 }
}

/// A principal as the diff names it.
public struct AuditDiffPrincipal: Sendable, Hashable {
    public var arn: String
    public var type: AuditPrincipalType
    public var account: String

    public init(arn: String, type: AuditPrincipalType, account: String) {
        self.arn = arn
        self.type = type
        self.account = account
    }

    /// `user/engineering/alice`, `role/ci`: the ARN after the account.
    public var shortName: String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[5]) : arn
    }
}

/// A cell's state in one report: its verdict, or that the report has no such cell (`absent`: the principal or the
/// operation is not in it) or could not check the principal (`unresolved`).
public enum AuditDiffVerdict: String, Sendable, Hashable, CaseIterable {
    case allowed
    case undetermined
    case denied
    case absent
    case unresolved

    public init(_ verdict: Verdict) {
        switch verdict {
        case .allowed: self = .allowed
        case .undetermined: self = .undetermined
        case .denied: self = .denied
        }
    }

    /// How much access the state gives: allowed 2, undetermined 1 (allowed if unknown context holds), else 0 — an
    /// unresolved principal's access is unknown, and the diff assumes none before (so what it has after is gained).
    public var access: Int {
        switch self {
        case .allowed: return 2
        case .undetermined: return 1
        case .denied, .absent, .unresolved: return 0
        }
    }
}

/// One principal × operation whose access changed.
public struct AuditDiffChange: Sendable, Hashable {
    public var principal: AuditDiffPrincipal
    public var column: String
    public var before: AuditDiffVerdict
    public var after: AuditDiffVerdict

    public init(principal: AuditDiffPrincipal, column: String, before: AuditDiffVerdict, after: AuditDiffVerdict) {
        self.principal = principal
        self.column = column
        self.before = before
        self.after = after
    }
}
