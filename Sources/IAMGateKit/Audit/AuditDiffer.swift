import IAMPolicy

/// `iamgate audit diff OLD NEW`: for each principal and operation in either report, its verdict before and after, and
/// whether access was gained or lost; the principals added and removed; the principals newly unresolved; and how the
/// two audits were asked differently.
public enum AuditDiffer {
    /// Reads both reports and compares them.
    public static func diff(oldPath: String, newPath: String) throws(InputError) -> AuditDiff {
        let old = try AuditReportReader.read(oldPath)
        let new = try AuditReportReader.read(newPath)
        return try diff(old: old, new: new)
    }

    /// Compares two reports read back. Reports about different resources are refused: their operations share names
    /// but not meaning.
    public static func diff(old: SavedAuditReport, new: SavedAuditReport) throws(InputError) -> AuditDiff {
        guard old.resource == new.resource else {
            throw InputError(
                "audit reports '\(old.path)' and '\(new.path)' are about different resources ('\(old.resource)' and "
                    + "'\(new.resource)'): a diff compares two audits of one resource")
        }
        // The columns both reports have, paired by title (the k-th of a title with the k-th), in the new order.
        var oldPositions: [String: [Int]] = [:]
        for (index, column) in old.columns.enumerated() { oldPositions[column, default: []].append(index) }
        var pairs: [(column: String, old: Int, new: Int)] = []
        for (index, column) in new.columns.enumerated() {
            guard var positions = oldPositions[column], !positions.isEmpty else { continue }
            pairs.append((column, positions.removeFirst(), index))
            oldPositions[column] = positions
        }

        let before = states(old)
        let after = states(new)
        var everyone = before
        for (arn, state) in after where everyone[arn] == nil { everyone[arn] = state }
        let ordered = everyone.values.map(\.principal).sorted(by: auditOrder)

        var diff = AuditDiff(
            resource: new.resource, old: side(old), new: side(new), columns: pairs.map(\.column),
            inputsOnlyInOld: old.sharedInputs.filter { !new.sharedInputs.contains($0) },
            inputsOnlyInNew: new.sharedInputs.filter { !old.sharedInputs.contains($0) })
        for principal in ordered {
            let was = before[principal.arn]
            let now = after[principal.arn]
            if was == nil { diff.added.append(principal) }
            if now == nil { diff.removed.append(principal) }
            for pair in pairs {
                let from = was.map { $0.verdict(pair.old) } ?? .absent
                let to = now.map { $0.verdict(pair.new) } ?? .absent
                // A principal unresolved now has unknown access: it is listed with the new errors, not compared.
                if to == .unresolved { continue }
                let change = AuditDiffChange(principal: principal, column: pair.column, before: from, after: to)
                if to.access > from.access {
                    diff.gained.append(change)
                } else if to.access < from.access {
                    diff.lost.append(change)
                } else if was?.verdicts != nil && now?.verdicts != nil {
                    diff.unchanged += 1
                }
            }
        }
        let oldErrors = Set(old.errors.map(\.principal))
        diff.newErrors = new.errors.filter { !oldErrors.contains($0.principal) }
        return diff
    }

    /// A principal in one report: its verdicts, or `nil` when it could not be resolved.
    struct State {
        var principal: AuditDiffPrincipal
        var verdicts: [Verdict]?

        func verdict(_ column: Int) -> AuditDiffVerdict {
            guard let verdicts else { return .unresolved }
            return column < verdicts.count ? AuditDiffVerdict(verdicts[column]) : .absent
        }
    }

    static func states(_ report: SavedAuditReport) -> [String: State] {
        var states: [String: State] = [:]
        for row in report.principals {
            states[row.arn] = State(
                principal: AuditDiffPrincipal(arn: row.arn, type: row.type, account: row.account),
                verdicts: row.verdicts)
        }
        for error in report.errors where states[error.principal] == nil {
            states[error.principal] = State(
                principal: AuditDiffPrincipal(arn: error.principal, type: error.type, account: error.account),
                verdicts: nil)
        }
        return states
    }

    static func side(_ report: SavedAuditReport) -> AuditDiff.Side {
        AuditDiff.Side(
            path: report.path, mode: report.mode, columns: report.columns, accounts: report.accounts,
            principalCount: report.principals.count, errorCount: report.errors.count)
    }

    /// The audit's order: account, users before roles, ARN.
    static func auditOrder(_ left: AuditDiffPrincipal, _ right: AuditDiffPrincipal) -> Bool {
        if left.account != right.account { return left.account < right.account }
        if left.type != right.type { return left.type == .user }
        return left.arn < right.arn
    }
}
