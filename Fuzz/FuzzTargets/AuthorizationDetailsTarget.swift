@_spi(Fuzzing) import IAMGateKit
import JSON

/// Authorization details as `aws iam get-account-authorization-details` prints them, read as `iamgate check
/// --authorization-details` reads them: each user and role the file lists (at most four, and each role also as an
/// assumed-role session) is resolved with its groups, managed policies and boundary; the first is checked end to end,
/// in every report format. Then as `iamgate audit --authorization-details` reads them: without the lines'
/// indentation, which must change nothing (if the two readings of the index differ, the run stops), and the same
/// users and roles audited, in every audit format.
enum AuthorizationDetailsTarget {
    static func run(_ bytes: [UInt8]) {
        let path = FuzzWorkspace.shared.write(bytes, to: "details.json")
        let plain = AuthorizationDetailsLoader.indexReading(bytes: bytes, source: path, compact: false)
        let compact = AuthorizationDetailsLoader.indexReading(bytes: bytes, source: path, compact: true)
        guard plain == compact else {
            fatalError("iamgate-fuzz: the audit's reading differs from the check's:\n\(plain)\n---\n\(compact)")
        }
        let principals = principalARNs(bytes)
        for principal in principals {
            _ = try? AuthorizationDetailsLoader.load(bytes: bytes, source: "details.json", principal: principal)
        }
        if let first = principals.first {
            var options = CheckOutputs.options(strict: false)
            options.identityPolicies = []
            options.authorizationDetails = path
            options.principal = first
            if let report = try? CheckRunner.run(options) {
                CheckOutputs.render(report)
            }
        }
        var audit = AuditOptions()
        audit.authorizationDetails = [path]
        audit.region = "us-east-1"
        audit.threads = 1
        // The users and roles the check resolved: an audit of every one of a large input took seconds.
        audit.principalPatterns = principals.filter { !$0.hasPrefix("arn:aws:sts:") }
        guard !audit.principalPatterns.isEmpty else { return }
        switch Result(catching: { () throws(InputError) in try AuditRunner.run(audit) }) {
        case .success(let report): AuditOutputs.render(report)
        case .failure(let error): _ = error.description
        }
    }

    /// The `Arn` of the first users and roles, each role also as a session of it.
    static func principalARNs(_ bytes: [UInt8]) -> [String] {
        guard let root = try? JSONParser.parse(bytes), let members = root.objectValue else { return [] }
        var arns: [String] = []
        for member in members where member.key == "UserDetailList" || member.key == "RoleDetailList" {
            for entry in (member.value.arrayValue ?? []).prefix(4) {
                guard let arn = entry.objectValue?.first(where: { $0.key == "Arn" })?.value.stringValue else {
                    continue
                }
                arns.append(arn)
                if member.key == "RoleDetailList", let name = arn.split(separator: "/").last,
                    let account = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first
                {
                    arns.append("arn:aws:sts::\(account):assumed-role/\(name)/fuzz-session")
                }
            }
        }
        return Array(arns.prefix(6))
    }
}
