import IAMGateKit
import IAMPolicy
import JSON

/// Policy JSON as `iamgate lint`, `check --policy` and the engine read it: the document is parsed as each policy type,
/// linted against the service reference, and whatever parses is evaluated with explanations — fixed requests about
/// images, and one request per statement made from its own first action and resource, with a context holding each
/// condition's key and first value — the evaluation modes taking turns.
enum PolicyTarget {
    static let principal = Principal.parse("arn:aws:iam::111122223333:role/ci-deployer")
    static let fixedRequests: [(action: String, resource: String)] = [
        ("imagebuilder:GetImage", "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"),
        ("imagebuilder:CreateImage", "arn:aws:imagebuilder:us-east-1:111122223333:image/*"),
        ("iam:PassRole", "arn:aws:iam::111122223333:role/ImageBuilderExecution"),
        ("sts:AssumeRole", "arn:aws:iam::111122223333:role/ci-deployer"),
    ]

    static func run(_ bytes: [UInt8]) {
        guard case .success(let principal) = principal else { return }
        let report = PolicyLinter(type: nil).lint(bytes: bytes, source: PolicySource("fuzz.json"))
        _ = LintText.render([report], style: Style(enabled: true))
        _ = JSONOutput.array([report.json]).rendered()
        for (type, isTrustPolicy) in [
            (PolicyType.identity, false), (.resource, false), (.resource, true), (.scp, false),
        ] {
            let parsed = PolicyParser(policyType: type, isTrustPolicy: isTrustPolicy)
                .parse(bytes: bytes, source: PolicySource("fuzz.json"))
            guard let document = parsed.document else { continue }
            let policies: PolicySet
            switch type {
            case .resource: policies = PolicySet(resource: document, resourceIsTrustPolicy: isTrustPolicy)
            case .scp: policies = PolicySet(identity: [document], scps: [[document]], rcps: [[document]])
            default: policies = PolicySet(identity: [document], permissionsBoundary: document)
            }
            // Each request once, the modes taking turns; the first one's decision also as eval's JSON.
            for (index, request) in requests(for: document, principal: principal).enumerated() {
                let mode: EvaluationMode = index % 2 == 0 ? .discovery : .strict
                let decision = Evaluator(mode: mode, explain: true).evaluate(request, policies: policies)
                _ = DecisionExplanation.render(decision, request: request)
                if index == 0 { _ = JSONOutput.object(decision.jsonMembers(request: request)).rendered() }
            }
        }
    }

    /// The fixed requests, then one per statement (at most eight) built from the statement's own patterns.
    static func requests(for document: PolicyDocument, principal: Principal) -> [AuthorizationRequest] {
        var requests = fixedRequests.map {
            AuthorizationRequest(principal: principal, action: $0.action, resource: $0.resource)
        }
        for statement in document.statements.prefix(8) {
            let action = statement.actions.patterns.first?.text ?? "imagebuilder:GetImage"
            let resource = statement.resources?.entries.first?.text ?? "*"
            var context: [String: ContextValue] = [:]
            for clause in statement.conditions.prefix(8) {
                guard let value = clause.values.first?.text else { continue }
                context[clause.key] = ContextValue(value)
            }
            requests.append(
                AuthorizationRequest(
                    principal: principal, action: concrete(action), resource: concrete(resource),
                    context: RequestContext(context)))
        }
        return requests
    }

    /// A pattern made concrete: every wildcard replaced by a letter, so that the request is one the pattern names.
    static func concrete(_ pattern: String) -> String {
        String(pattern.map { $0 == "*" || $0 == "?" ? "x" : $0 })
    }
}
