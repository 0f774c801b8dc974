import IAMPolicy

extension AuthorizationDetailsLoader {
    /// The file as its index reads it, told as text: the error, or its users, roles, groups, managed policies and
    /// truncation, then what the first four users and roles resolve to (their policies, boundary, tags, groups and
    /// warnings, or the error). `compact`: read as `audit` reads it, without its lines' indentation. The fuzz target
    /// of authorization details holds the two readings of every input to the same text: taking the indentation out
    /// must change no record, no message and no location.
    @_spi(Fuzzing)
    public static func indexReading(bytes: [UInt8], source: String, compact: Bool) -> String {
        let index: AuthorizationDetailsIndex
        do {
            index = try AuthorizationDetailsIndex(bytes: bytes, source: source, compact: compact)
        } catch {
            return "error: \(error) \(error.findings)"
        }
        var text =
            "users \(index.users.map { "\($0.name) \($0.arn ?? "-")" }) "
            + "roles \(index.roles.map { "\($0.name) \($0.arn ?? "-")" }) groups \(index.groups.keys.sorted()) "
            + "policies \(index.policies.keys.sorted()) truncated \(index.isTruncated)\n"
        for entry in (index.users + index.roles).prefix(4) {
            guard let arn = entry.arn, let selector = try? PrincipalSelector(arn) else { continue }
            do throws(InputError) {
                var resolver = AuthorizationDetailsResolver(records: try index.records(for: selector), source: source)
                let policies = try resolver.resolve(selector)
                text +=
                    "\(arn): \(policies.principal) \(policies.identityPolicies) \(policies.permissionsBoundary as Any) "
                    + "\(policies.tags.sorted(by: <)) \(policies.groups) \(policies.policyLines) \(policies.warnings)\n"
            } catch {
                text += "\(arn): error: \(error) \(error.findings)\n"
            }
        }
        return text
    }
}
