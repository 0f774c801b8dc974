/// `Principal` or `NotPrincipal` (`reference_policies_elements_principal.md`).
public struct PrincipalElement: Sendable {
    public var isNegated: Bool
    public var entries: [PrincipalEntry]

    public init(isNegated: Bool, entries: [PrincipalEntry]) {
        self.isNegated = isNegated
        self.entries = entries
    }
}

/// One principal named in a policy.
public enum PrincipalEntry: Sendable, Hashable {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    case everyone
    /// An account id or `arn:PARTITION:iam::ACCOUNT:root`.
    case account(String)
    /// `arn:…:iam::ACCOUNT:user/[path/]NAME`.
    case user(account: String, name: String)
    /// `arn:…:iam::ACCOUNT:role/[path/]NAME`.
    case role(account: String, name: String)
    /// `arn:…:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    case roleSession(account: String, role: String, session: String)
    /// `arn:…:sts::ACCOUNT:federated-user/NAME`.
    case federatedUser(account: String, name: String)
    /// `{"Service": "imagebuilder.amazonaws.com"}`.
    case service(String)
    /// `{"Federated": …}`: an identity provider.
    case federated(String)
    /// `{"CanonicalUser": …}`.
    case canonicalUser(String)
    /// An `AWS` value that is none of the forms above (kept so lint can report it; it matches no one).
    case unrecognized(String)

    /// Classifies an `AWS` principal value.
    public init(awsValue value: String) {
        if value == "*" {
            self = .everyone
            return
        }
        if value.count == 12 && value.allSatisfy(\.isASCIIDigit) {
            self = .account(value)
            return
        }
        let parts = splitARN(Substring(value))
        guard parts.count == 6, parts[0] == "arn", parts[3].isEmpty else {
            self = .unrecognized(value)
            return
        }
        let account = String(parts[4])
        let resource = parts[5]
        switch parts[2] {
        case "iam":
            if resource == "root" {
                self = .account(account)
            } else if resource.hasPrefix("user/"), let name = resource.split(separator: "/").last {
                self = .user(account: account, name: String(name))
            } else if resource.hasPrefix("role/"), let name = resource.split(separator: "/").last {
                self = .role(account: account, name: String(name))
            } else {
                self = .unrecognized(value)
            }
        case "sts":
            let pieces = resource.split(separator: "/", omittingEmptySubsequences: false)
            if pieces.count == 3, pieces[0] == "assumed-role", !pieces[1].isEmpty, !pieces[2].isEmpty {
                self = .roleSession(account: account, role: String(pieces[1]), session: String(pieces[2]))
            } else if pieces.count == 2, pieces[0] == "federated-user", !pieces[1].isEmpty {
                self = .federatedUser(account: account, name: String(pieces[1]))
            } else {
                self = .unrecognized(value)
            }
        default:
            self = .unrecognized(value)
        }
    }
}
