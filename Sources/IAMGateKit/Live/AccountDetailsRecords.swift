import AWSServices

/// The API's types, named apart from the records' nested types of the same names.
private typealias APIAttachedPolicy = AttachedPolicy
private typealias APITag = Tag

extension AuthorizationDetailsRecords {
    /// The records of a `GetAccountAuthorizationDetails` answer from the API. Documents stay as the API sent them
    /// (URL-encoded text); the resolver decodes and parses only those the principal uses, so a malformed document
    /// elsewhere in the account does not stop a check. Entries without a name or ARN cannot be referenced and are
    /// skipped.
    public init(_ details: AccountAuthorizationDetails) {
        func inline(_ policies: [PolicyDetail]) -> [InlinePolicy] {
            policies.compactMap { detail in
                guard let document = detail.policyDocument else { return nil }
                return InlinePolicy(name: detail.policyName ?? "(unnamed)", document: .text(document))
            }
        }
        func attached(_ policies: [APIAttachedPolicy]) -> [AttachedPolicy] {
            policies.compactMap { policy in
                guard let arn = policy.policyArn else { return nil }
                return AttachedPolicy(name: policy.policyName ?? arn, arn: arn)
            }
        }
        func tags(_ tags: [APITag]) -> [Tag] {
            tags.map { Tag(key: $0.key, value: $0.value) }
        }
        let users = details.userDetailList.compactMap { user -> User? in
            guard let name = user.userName, let arn = user.arn else { return nil }
            return User(
                path: user.path ?? "/", name: name, arn: arn, inlinePolicies: inline(user.userPolicyList),
                groups: user.groupList, attachedPolicies: attached(user.attachedManagedPolicies),
                permissionsBoundaryARN: user.permissionsBoundary?.permissionsBoundaryArn, tags: tags(user.tags))
        }
        let groups = details.groupDetailList.compactMap { group -> Group? in
            guard let name = group.groupName else { return nil }
            return Group(
                path: group.path ?? "/", name: name, arn: group.arn, inlinePolicies: inline(group.groupPolicyList),
                attachedPolicies: attached(group.attachedManagedPolicies))
        }
        let roles = details.roleDetailList.compactMap { role -> Role? in
            guard let name = role.roleName, let arn = role.arn else { return nil }
            return Role(
                path: role.path ?? "/", name: name, arn: arn, inlinePolicies: inline(role.rolePolicyList),
                attachedPolicies: attached(role.attachedManagedPolicies),
                permissionsBoundaryARN: role.permissionsBoundary?.permissionsBoundaryArn, tags: tags(role.tags),
                trustPolicy: role.assumeRolePolicyDocument.map(Document.text),
                instanceProfiles: role.instanceProfileList.compactMap { $0.instanceProfileName ?? $0.arn })
        }
        let policies = details.policies.compactMap { policy -> ManagedPolicy? in
            guard let arn = policy.arn else { return nil }
            let versions = policy.policyVersionList.compactMap { version -> ManagedPolicy.Version? in
                guard let id = version.versionId, let document = version.document else { return nil }
                return ManagedPolicy.Version(
                    versionID: id, isDefault: version.isDefaultVersion, document: .text(document))
            }
            return ManagedPolicy(
                name: policy.policyName ?? arn, arn: arn, defaultVersionID: policy.defaultVersionId,
                versions: versions)
        }
        self.init(users: users, groups: groups, roles: roles, policies: policies)
    }
}
