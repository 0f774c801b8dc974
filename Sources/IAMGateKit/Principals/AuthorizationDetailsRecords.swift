import JSON

/// The parts of a `GetAccountAuthorizationDetails` response that decide a principal's permissions, as plain records:
/// users, groups, roles and managed policies with their documents still unparsed. The JSON reader fills it with only
/// what one principal needs; a client of the XML API can fill it with everything. `AuthorizationDetailsLoader.resolve`
/// turns it into a `PrincipalPolicies`.
public struct AuthorizationDetailsRecords: Sendable {
    /// `UserDetailList`.
    public var users: [User]
    /// `GroupDetailList`.
    public var groups: [Group]
    /// `RoleDetailList`.
    public var roles: [Role]
    /// `Policies`: customer managed policies, and AWS managed ones when the call's filter included them.
    public var policies: [ManagedPolicy]
    /// `IsTruncated`: the response is one page, so records may be missing.
    public var isTruncated: Bool

    public init(
        users: [User] = [], groups: [Group] = [], roles: [Role] = [], policies: [ManagedPolicy] = [],
        isTruncated: Bool = false
    ) {
        self.users = users
        self.groups = groups
        self.roles = roles
        self.policies = policies
        self.isTruncated = isTruncated
    }

    /// A policy document as the response carries it: a JSON value (the AWS CLI decodes documents into objects) or
    /// text (the raw API returns URL-encoded JSON).
    public enum Document: Sendable {
        /// A JSON object, or a JSON string holding the (possibly URL-encoded) document, located in its file.
        case json(JSONNode)
        /// The document's text, URL-encoded or not (e.g. an XML element's content).
        case text(String)
    }

    /// An inline policy (`PolicyDetail`): `UserPolicyList`, `GroupPolicyList`, `RolePolicyList` entries.
    public struct InlinePolicy: Sendable {
        public var name: String
        public var document: Document

        public init(name: String, document: Document) {
            self.name = name
            self.document = document
        }
    }

    /// An `AttachedManagedPolicies` entry (`AttachedPolicy`).
    public struct AttachedPolicy: Sendable, Hashable {
        public var name: String
        public var arn: String

        public init(name: String, arn: String) {
            self.name = name
            self.arn = arn
        }
    }

    /// A `Tags` entry.
    public struct Tag: Sendable, Hashable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// A `UserDetail`.
    public struct User: Sendable {
        public var path: String
        public var name: String
        public var arn: String
        public var inlinePolicies: [InlinePolicy]
        /// `GroupList`: the names of the groups the user is in.
        public var groups: [String]
        public var attachedPolicies: [AttachedPolicy]
        /// `PermissionsBoundary.PermissionsBoundaryArn`.
        public var permissionsBoundaryARN: String?
        public var tags: [Tag]

        public init(
            path: String = "/", name: String, arn: String, inlinePolicies: [InlinePolicy] = [], groups: [String] = [],
            attachedPolicies: [AttachedPolicy] = [], permissionsBoundaryARN: String? = nil, tags: [Tag] = []
        ) {
            self.path = path
            self.name = name
            self.arn = arn
            self.inlinePolicies = inlinePolicies
            self.groups = groups
            self.attachedPolicies = attachedPolicies
            self.permissionsBoundaryARN = permissionsBoundaryARN
            self.tags = tags
        }
    }

    /// A `GroupDetail`.
    public struct Group: Sendable {
        public var path: String
        public var name: String
        public var arn: String?
        public var inlinePolicies: [InlinePolicy]
        public var attachedPolicies: [AttachedPolicy]

        public init(
            path: String = "/", name: String, arn: String? = nil, inlinePolicies: [InlinePolicy] = [],
            attachedPolicies: [AttachedPolicy] = []
        ) {
            self.path = path
            self.name = name
            self.arn = arn
            self.inlinePolicies = inlinePolicies
            self.attachedPolicies = attachedPolicies
        }
    }

    /// A `RoleDetail`. Its trust policy and instance profiles do not decide its own permissions, but say who may
    /// become it (the audit's escalations); its last use is not kept.
    public struct Role: Sendable {
        public var path: String
        public var name: String
        public var arn: String
        public var inlinePolicies: [InlinePolicy]
        public var attachedPolicies: [AttachedPolicy]
        /// `PermissionsBoundary.PermissionsBoundaryArn`.
        public var permissionsBoundaryARN: String?
        public var tags: [Tag]
        /// `AssumeRolePolicyDocument`: the role's trust policy, `nil` when the entry has none.
        public var trustPolicy: Document?
        /// `InstanceProfileList`: the names (else ARNs) of the instance profiles that hold the role; `nil` when the
        /// entry does not list them (so whether it is in one is not known).
        public var instanceProfiles: [String]?

        public init(
            path: String = "/", name: String, arn: String, inlinePolicies: [InlinePolicy] = [],
            attachedPolicies: [AttachedPolicy] = [], permissionsBoundaryARN: String? = nil, tags: [Tag] = [],
            trustPolicy: Document? = nil, instanceProfiles: [String]? = nil
        ) {
            self.path = path
            self.name = name
            self.arn = arn
            self.inlinePolicies = inlinePolicies
            self.attachedPolicies = attachedPolicies
            self.permissionsBoundaryARN = permissionsBoundaryARN
            self.tags = tags
            self.trustPolicy = trustPolicy
            self.instanceProfiles = instanceProfiles
        }
    }

    /// A `ManagedPolicyDetail`.
    public struct ManagedPolicy: Sendable {
        public var name: String
        public var arn: String
        /// `DefaultVersionId`, e.g. `v3`.
        public var defaultVersionID: String?
        /// `PolicyVersionList`.
        public var versions: [Version]

        public init(name: String, arn: String, defaultVersionID: String?, versions: [Version]) {
            self.name = name
            self.arn = arn
            self.defaultVersionID = defaultVersionID
            self.versions = versions
        }

        /// A `PolicyVersion`.
        public struct Version: Sendable {
            public var versionID: String
            /// `IsDefaultVersion`, when given.
            public var isDefault: Bool?
            public var document: Document

            public init(versionID: String, isDefault: Bool?, document: Document) {
                self.versionID = versionID
                self.isDefault = isDefault
                self.document = document
            }
        }
    }
}
