import Catalog
import IAMPolicy

/// What the audit asks of every principal's policies beside its operations, so that the escalation search knows which
/// principals could take a hop at all before it looks at any pair of principal and role: whether its own policies
/// could let it assume some role of each audited account, whether they could let it pass some role of its account to
/// EC2, and whether they let it create Image Builder's component, recipe, infrastructure configuration and image.
///
/// The probes are asked as the operations' requests are, in the same decision (`LocalDecisions`) and as cells after the
/// operations' cells, so principals that share their decisions share their probes too (`PolicySetCache`).
struct EscalationProbe: Sendable {
    /// The accounts whose roles the search can reach, in order: one `sts:AssumeRole` probe each.
    let accounts: [String]
    /// The principal's account: the Image Builder path stays in it (an instance profile's role is the account's own).
    let account: String
    /// `sts:AssumeRole` on any role of each of `accounts`, then `iam:PassRole` of any role of `account` to EC2, then
    /// the four create requests.
    let requests: [(account: String, request: RequiredRequest)]
    /// The requests as the engine is asked them by one principal of the account, so that each principal only derives
    /// again what depends on it (as the operations' requests are `prepared`); `nil` without a principal.
    let prepared: [AuthorizationRequest]?

    /// `principal`: any principal of the account, to prepare the requests with.
    init(
        account: String, partition: String, accounts: [String], region: String?, context: [String: ContextValue],
        mode: EvaluationMode, principal: Principal?
    ) {
        self.accounts = accounts
        self.account = account
        let builder = RequestBuilder()
        var requests: [(String, RequiredRequest)] = accounts.map { target in
            (target, builder.assumeRole(RequestBuilder.anyRole(partition: partition, account: target)))
        }
        requests.append(
            (
                account,
                builder.passRole(
                    RequestBuilder.anyRole(partition: partition, account: account),
                    to: RequestBuilder.instanceProfileService)
            ))
        let inputs = OperationInputs(
            partition: partition, region: region.map(PartialValue.known) ?? .unknown("region"),
            account: .known(account), context: context)
        requests += builder.imageBuilderCreates(inputs: inputs).map { (account, $0) }
        self.requests = requests
        prepared = principal.map { principal in
            let first = PrincipalInputs(principal: principal, policies: PolicySet(), tags: [:], summary: [])
            return requests.map { account, request in
                LocalDecisions(governing: first, mode: mode, account: .known(account)).authorization(request)
            }
        }
    }

    /// One cell per probe request, decided for `governing` as the audit decides its operations (requests with the same
    /// context derive it once). The create requests are asked only when the principal could pass a role to EC2: without
    /// that there is no path, and their cells say denied with no request.
    func cells(_ governing: PrincipalInputs, mode: EvaluationMode) -> [AuditCell] {
        var contexts: [(given: [String: ContextValue], context: RequestContext, made: AuthorizationRequest)] = []
        var cells: [AuditCell] = []
        cells.reserveCapacity(requests.count)
        for (index, (account, request)) in requests.enumerated() {
            if index == accounts.count + 1, let passing = cells.last, !Self.principalSideMayAllow(passing) {
                let skipped = AuditCell(verdict: .denied, requests: [])
                cells += Array(repeating: skipped, count: requests.count - index)
                break
            }
            let source = LocalDecisions(governing: governing, mode: mode, account: .known(account))
            let outcome: RequestOutcome
            if var made = prepared?[index] {
                let known = contexts.firstIndex { $0.given == request.context }
                let context = known.map { contexts[$0].context } ?? source.context(request)
                made.reassign(
                    principal: governing.principal, context: context, sharingWith: known.map { contexts[$0].made })
                if known == nil { contexts.append((request.context, context, made)) }
                outcome = source.decided(request, authorization: made)
            } else {
                outcome = source.outcome(request)
            }
            cells.append(AuditCell(verdict: outcome.verdict ?? .allowed, requests: [AuditedRequest(outcome)]))
        }
        return cells
    }

    /// Whether the principal's own policies (with its boundary and the organization's SCPs) could allow
    /// `sts:AssumeRole` on some role of `target`, leaving the trust policy to decide.
    func mayAssumeRole(in target: String, _ cells: [AuditCell]) -> Bool {
        guard let index = accounts.firstIndex(of: target), index < cells.count else { return false }
        return Self.principalSideMayAllow(cells[index])
    }

    /// Whether they could allow passing some role of the account to EC2.
    func mayPassRole(_ cells: [AuditCell]) -> Bool {
        let index = accounts.count
        return index < cells.count && Self.principalSideMayAllow(cells[index])
    }

    /// The four create requests, as every principal of the account makes them.
    var createRequests: [RequiredRequest] { requests.dropFirst(accounts.count + 1).map(\.request) }

    /// Whether none of the four create requests is denied.
    func mayCreate(_ cells: [AuditCell]) -> Bool {
        let first = accounts.count + 1
        guard cells.count >= first + RequestBuilder.imageBuilderCreateActions.count else { return false }
        return cells[first...].allSatisfy { $0.verdict != .denied }
    }

    /// Whether a decision leaves the request open on the principal's side: allowed (perhaps under conditions), or
    /// denied only because no resource-based policy (here: no trust policy) allowed it.
    static func principalSideMayAllow(_ cell: AuditCell) -> Bool {
        principalSideMayAllow(cell.requests.first?.decision)
    }

    /// `principalSideMayAllow(_:)` on a decision (`nil`: not evaluated, so no).
    static func principalSideMayAllow(_ decision: Decision?) -> Bool {
        guard let decision else { return false }
        switch decision.decision {
        case .allowed: return true
        case .explicitDeny: return false
        case .implicitDeny: return decision.blockedBy.allSatisfy { $0 == .resource }
        }
    }
}
