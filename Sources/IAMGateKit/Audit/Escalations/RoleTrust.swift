import IAMPolicy

/// A role of the audit as a hop can reach it: its trust policy, parsed as the role's resource-based policy
/// (`reference_policies_elements_principal.md`: "the IAM resource-based policy type is a role trust policy"), the
/// principals its `Allow` statements name — so that the search asks the engine only about principals the policy can
/// let in — and its instance profiles.
struct RoleTrust: Sendable {
    /// The role's ARN and account.
    let arn: String
    let account: String
    /// The trust policy; `nil` when the record has none or it could not be parsed (the hop is then undetermined: the
    /// engine is asked without it, and says the trust policy was not given).
    let policy: PolicyDocument?
    /// `InstanceProfileList` (names), `nil` when the record does not list it.
    let instanceProfiles: [String]?
    /// Users and roles an `Allow` names by ARN (`user:ACCOUNT:NAME`, `role:ACCOUNT:NAME`; names without their path, as
    /// the `Principal` element compares them).
    let namedPrincipals: Set<String>
    /// Accounts an `Allow` names (`arn:aws:iam::ACCOUNT:root` or the bare id): they delegate to the account, whose
    /// principals' own policies must then allow the hop too (`reference_policies_elements_principal.md`, AWS account
    /// principals).
    let namedAccounts: Set<String>
    /// An `Allow` names everyone (`*`), or a principal in a form this index does not classify: anyone may be let in.
    let namesAnyone: Bool
    /// An `Allow` names a service (`ec2.amazonaws.com`, …), lowercased.
    let namedServices: Set<String>

    /// Reads the trust of `role` (its record's document, parsed strictly as a trust policy; one that does not parse
    /// counts as not given).
    init(
        arn: String, account: String, document: AuthorizationDetailsRecords.Document?, instanceProfiles: [String]?,
        source: String, name: String
    ) {
        self.arn = arn
        self.account = account
        self.instanceProfiles = instanceProfiles
        var parsed: PolicyDocument?
        if let document {
            let parser = PolicyParser(policyType: .resource, isTrustPolicy: true)
            let policySource = PolicySource("\(source) role '\(name)' trust policy", file: source)
            switch document {
            case .json(let node): parsed = parser.parse(node: node, source: policySource).document
            case .text(let text): parsed = parser.parse(bytes: Array(text.utf8), source: policySource).document
            }
        }
        policy = parsed
        var principals: Set<String> = []
        var accounts: Set<String> = []
        var services: Set<String> = []
        var anyone = false
        for statement in parsed?.statements ?? [] where statement.effect == .allow {
            guard let element = statement.principals else { continue }
            if element.isNegated {
                anyone = true
                continue
            }
            for entry in element.entries {
                switch entry {
                case .everyone: anyone = true
                case .account(let id): accounts.insert(id)
                case .user(let account, let name): principals.insert("user:\(account):\(name)")
                case .role(let account, let name): principals.insert("role:\(account):\(name)")
                case .service(let service): services.insert(service.lowercased())
                case .roleSession, .federatedUser, .federated, .canonicalUser: continue
                case .unrecognized: anyone = true
                }
            }
        }
        namedPrincipals = principals
        namedAccounts = accounts
        namedServices = services
        namesAnyone = anyone
    }

    /// The key `namedPrincipals` holds for `principal`, a user or a role.
    static func key(_ principal: Principal) -> String? {
        guard let account = principal.account, let name = principal.name else { return nil }
        switch principal.kind {
        case .user: return "user:\(account):\(name)"
        case .role: return "role:\(account):\(name)"
        default: return nil
        }
    }
}
