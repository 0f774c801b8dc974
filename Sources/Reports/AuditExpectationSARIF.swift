import JSON

/// The expectations in `iamgate audit --format sarif`: three rules after the check's two, and one result per broken,
/// expired or undetermined expectation, located at its entry in the expectations file.
public enum AuditExpectationSARIF {
    static let fingerprintKey = "iamgateExpectation/v1"

    /// The rules, in `tool.driver.rules` order after `SARIFReport.Rule`'s.
    enum Rule: Int, CaseIterable {
        case broken
        case expired
        case undetermined

        var id: String { "iamgate/expectation-\(name)" }
        var name: String {
            switch self {
            case .broken: return "broken"
            case .expired: return "expired"
            case .undetermined: return "undetermined"
            }
        }
        var level: String { self == .undetermined ? "warning" : "error" }
        /// The rule's index among every rule of the run.
        var index: Int { SARIFReport.Rule.allCases.count + rawValue }

        /// The rule a result is filed under: broken before expired before undetermined, as the exit code ranks them.
        init?(_ result: AuditExpectationResult) {
            if result.status == .broken {
                self = .broken
            } else if result.expired {
                self = .expired
            } else if result.status == .undetermined {
                self = .undetermined
            } else {
                return nil
            }
        }
    }

    /// The three rules' descriptors.
    public static var rules: [JSONOutput] {
        Rule.allCases.map { rule in
            let (name, short, help): (String, String, String)
            switch rule {
            case .broken:
                name = "ExpectationBroken"
                short = "An expectation of the expectations file does not hold."
                help =
                    "A principal the expectation forbids is allowed, or one it requires is denied (or none exists). "
                    + "Change the policies the result names, or the expectation if it is wrong."
            case .expired:
                name = "ExpectationExpired"
                short = "An expectation is past its expiry date."
                help = "Its owner must renew it (a later 'expires') or remove it."
            case .undetermined:
                name = "ExpectationUndetermined"
                short = "An expectation could not be decided."
                help =
                    "A cell that decides it is undetermined (it depends on conditions on unknown context) or a "
                    + "principal that might decide it could not be resolved; give --context values or fix the "
                    + "unresolved principals."
            }
            return .object([
                ("id", .string(rule.id)),
                ("name", .string(name)),
                ("shortDescription", .object([("text", .string(short))])),
                ("defaultConfiguration", .object([("level", .string(rule.level))])),
                ("help", .object([("text", .string(help))])),
                ("properties", .object([("tags", .strings(["security", "iam", "expectation"]))])),
            ])
        }
    }

    /// One result per expectation that needs attention, in report order.
    public static func results(_ report: AuditReport) -> [JSONOutput] {
        report.expectations.compactMap { result in
            guard let rule = Rule(result) else { return nil }
            let expectation = result.expectation
            var parts = [
                "expectation '\(expectation.name)' is \(ReportSentences.expectationStatus(result)): "
                    + ReportSentences.expectationRule(expectation)
            ]
            if let expiry = ReportSentences.expectationExpiry(result) { parts.append(expiry) }
            parts += result.findings.map { ReportSentences.expectationFinding($0, of: expectation) }
            let location = SARIFReport.location(
                path: expectation.source, line: expectation.line, column: nil,
                message: "the expectation '\(expectation.name)'")
            return .object([
                ("ruleId", .string(rule.id)),
                ("ruleIndex", .int(rule.index)),
                ("kind", .string("fail")),
                ("level", .string(rule.level)),
                ("message", .object([("text", .string(ReportEvidence.displayable(parts.joined(separator: "; "))))])),
                ("locations", .array([location])),
                (
                    "partialFingerprints",
                    .object([
                        (
                            fingerprintKey,
                            .string(SARIFReport.fingerprint("\(expectation.source)\u{1F}\(expectation.name)"))
                        )
                    ])
                ),
                (
                    "properties",
                    .object([
                        ("expectation", .string(expectation.name)),
                        ("status", .string(result.status.rawValue)),
                        ("expired", .bool(result.expired)),
                        ("owner", .string(expectation.owner)),
                        ("operations", .strings(expectation.columns)),
                    ])
                ),
            ])
        }
    }
}
