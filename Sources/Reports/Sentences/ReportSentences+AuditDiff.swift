extension ReportSentences {
    /// One sentence per way the two audits were asked differently; empty when they were asked the same.
    public static func auditDiffInputs(_ diff: AuditDiff) -> [String] {
        var sentences: [String] = []
        if diff.old.mode != diff.new.mode {
            sentences.append(
                "the old report was made in \(diff.old.mode.rawValue) mode and the new one in "
                    + "\(diff.new.mode.rawValue) mode: a cell undetermined in discovery mode is denied in strict mode")
        }
        if !diff.columnsOnlyInOld.isEmpty {
            sentences.append(
                "operations only in the old report, not compared: " + diff.columnsOnlyInOld.joined(separator: ", "))
        }
        if !diff.columnsOnlyInNew.isEmpty {
            sentences.append(
                "operations only in the new report, not compared: " + diff.columnsOnlyInNew.joined(separator: ", "))
        }
        if !diff.inputsOnlyInOld.isEmpty {
            sentences.append(
                "only the old audit was made with "
                    + diff.inputsOnlyInOld.map { "'\($0)'" }.joined(separator: ", "))
        }
        if !diff.inputsOnlyInNew.isEmpty {
            sentences.append(
                "only the new audit was made with "
                    + diff.inputsOnlyInNew.map { "'\($0)'" }.joined(separator: ", "))
        }
        return sentences
    }

    /// `role/ci-deployer gained delete_resource: denied → allowed` (`lost` for a loss); the account is named when the
    /// diff covers several.
    public static func auditDiffChange(_ change: AuditDiffChange, gained: Bool, withAccount: Bool) -> String {
        let who = withAccount ? "\(change.principal.account) \(change.principal.shortName)" : change.principal.shortName
        return "\(who) \(gained ? "gained" : "lost") \(change.column): \(change.before.rawValue) → "
            + change.after.rawValue
    }

    /// `2 gained, 1 lost, 1 principal added, 0 removed, 0 newly unresolved; 37 cells unchanged`.
    public static func auditDiffSummary(_ diff: AuditDiff) -> String {
        "\(diff.gained.count) gained, \(diff.lost.count) lost, \(diff.added.count) principal"
            + "\(diff.added.count == 1 ? "" : "s") added, \(diff.removed.count) removed, \(diff.newErrors.count) newly "
            + "unresolved; \(diff.unchanged) cell\(diff.unchanged == 1 ? "" : "s") unchanged"
    }

    /// `old.json: 8 principals (1 unresolved), 1 account, discovery mode`.
    public static func auditDiffSide(_ side: AuditDiff.Side) -> String {
        "\(side.path): \(side.principalCount) principal\(side.principalCount == 1 ? "" : "s")"
            + (side.errorCount == 0 ? "" : " (+\(side.errorCount) unresolved)")
            + ", \(side.accounts.count) account\(side.accounts.count == 1 ? "" : "s")"
            + (side.accounts.isEmpty ? "" : " (\(side.accounts.joined(separator: ", ")))")
            + ", \(side.mode.rawValue) mode"
    }
}
