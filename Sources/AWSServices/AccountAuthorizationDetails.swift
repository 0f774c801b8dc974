import AWSCore
import Foundation

/// The result of `GetAccountAuthorizationDetails`, every page appended, in the shape of the botocore model. Dates are
/// kept as the ISO 8601 text AWS sent; policy documents as the URL-encoded text AWS sent (see ``decodedDocument(_:)``).
public struct AccountAuthorizationDetails: Sendable, Hashable {
    /// `UserDetailList`.
    public var userDetailList: [UserDetail] = []
    /// `GroupDetailList`.
    public var groupDetailList: [GroupDetail] = []
    /// `RoleDetailList`.
    public var roleDetailList: [RoleDetail] = []
    /// `Policies`.
    public var policies: [ManagedPolicyDetail] = []

    public init(
        userDetailList: [UserDetail] = [], groupDetailList: [GroupDetail] = [], roleDetailList: [RoleDetail] = [],
        policies: [ManagedPolicyDetail] = []
    ) {
        self.userDetailList = userDetailList
        self.groupDetailList = groupDetailList
        self.roleDetailList = roleDetailList
        self.policies = policies
    }

    /// Appends the four lists of one `<GetAccountAuthorizationDetailsResult>`.
    public mutating func append(page result: XMLElement) {
        userDetailList += result.members("UserDetailList").map(UserDetail.init(xml:))
        groupDetailList += result.members("GroupDetailList").map(GroupDetail.init(xml:))
        roleDetailList += result.members("RoleDetailList").map(RoleDetail.init(xml:))
        policies += result.members("Policies").map(ManagedPolicyDetail.init(xml:))
    }

    /// A policy document as JSON text: `raw` percent-decoded (RFC 3986, no `+` → space, as botocore's
    /// `urllib.parse.unquote`). Text that already starts with `{` (moto sends `AssumeRolePolicyDocument` unencoded)
    /// is returned as it is; `nil` when the percent-encoding is invalid.
    public static func decodedDocument(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") { return raw }
        return raw.removingPercentEncoding
    }
}

/// `PolicyDetail`: an inline policy.
public struct PolicyDetail: Sendable, Hashable {
    public var policyName: String?
    /// `PolicyDocument`, URL-encoded as AWS sent it.
    public var policyDocument: String?
    /// The document as JSON text.
    public var decodedDocument: String? { policyDocument.flatMap(AccountAuthorizationDetails.decodedDocument) }

    public init(policyName: String? = nil, policyDocument: String? = nil) {
        self.policyName = policyName
        self.policyDocument = policyDocument
    }

    init(xml: XMLElement) {
        self.init(policyName: xml.value(at: "PolicyName"), policyDocument: xml.value(at: "PolicyDocument"))
    }
}

/// `AttachedPolicy`.
public struct AttachedPolicy: Sendable, Hashable {
    public var policyName: String?
    public var policyArn: String?

    public init(policyName: String? = nil, policyArn: String? = nil) {
        self.policyName = policyName
        self.policyArn = policyArn
    }

    init(xml: XMLElement) {
        self.init(policyName: xml.value(at: "PolicyName"), policyArn: xml.value(at: "PolicyArn"))
    }
}

/// `AttachedPermissionsBoundary`.
public struct AttachedPermissionsBoundary: Sendable, Hashable {
    /// `PermissionsBoundaryType`, `PermissionsBoundaryPolicy` in practice.
    public var permissionsBoundaryType: String?
    public var permissionsBoundaryArn: String?

    public init(permissionsBoundaryType: String? = nil, permissionsBoundaryArn: String? = nil) {
        self.permissionsBoundaryType = permissionsBoundaryType
        self.permissionsBoundaryArn = permissionsBoundaryArn
    }

    init?(xml: XMLElement?) {
        guard let xml else { return nil }
        self.init(
            permissionsBoundaryType: xml.value(at: "PermissionsBoundaryType"),
            permissionsBoundaryArn: xml.value(at: "PermissionsBoundaryArn"))
    }
}

/// `Tag`.
public struct Tag: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    init(xml: XMLElement) {
        self.init(key: xml.value(at: "Key") ?? "", value: xml.value(at: "Value") ?? "")
    }
}

/// `RoleLastUsed`.
public struct RoleLastUsed: Sendable, Hashable {
    public var lastUsedDate: String?
    public var region: String?

    public init(lastUsedDate: String? = nil, region: String? = nil) {
        self.lastUsedDate = lastUsedDate
        self.region = region
    }

    init?(xml: XMLElement?) {
        guard let xml else { return nil }
        self.init(lastUsedDate: xml.value(at: "LastUsedDate"), region: xml.value(at: "Region"))
    }
}

/// `UserDetail`.
public struct UserDetail: Sendable, Hashable {
    public var path: String?
    public var userName: String?
    public var userId: String?
    public var arn: String?
    public var createDate: String?
    public var userPolicyList: [PolicyDetail]
    /// `GroupList`: group names.
    public var groupList: [String]
    public var attachedManagedPolicies: [AttachedPolicy]
    public var permissionsBoundary: AttachedPermissionsBoundary?
    public var tags: [Tag]

    init(xml: XMLElement) {
        path = xml.value(at: "Path")
        userName = xml.value(at: "UserName")
        userId = xml.value(at: "UserId")
        arn = xml.value(at: "Arn")
        createDate = xml.value(at: "CreateDate")
        userPolicyList = xml.members("UserPolicyList").map(PolicyDetail.init(xml:))
        groupList = xml.memberValues("GroupList")
        attachedManagedPolicies = xml.members("AttachedManagedPolicies").map(AttachedPolicy.init(xml:))
        permissionsBoundary = AttachedPermissionsBoundary(xml: xml.child("PermissionsBoundary"))
        tags = xml.members("Tags").map(Tag.init(xml:))
    }
}

/// `GroupDetail`.
public struct GroupDetail: Sendable, Hashable {
    public var path: String?
    public var groupName: String?
    public var groupId: String?
    public var arn: String?
    public var createDate: String?
    public var groupPolicyList: [PolicyDetail]
    public var attachedManagedPolicies: [AttachedPolicy]

    init(xml: XMLElement) {
        path = xml.value(at: "Path")
        groupName = xml.value(at: "GroupName")
        groupId = xml.value(at: "GroupId")
        arn = xml.value(at: "Arn")
        createDate = xml.value(at: "CreateDate")
        groupPolicyList = xml.members("GroupPolicyList").map(PolicyDetail.init(xml:))
        attachedManagedPolicies = xml.members("AttachedManagedPolicies").map(AttachedPolicy.init(xml:))
    }
}

/// `Role`, as listed inside an instance profile.
public struct Role: Sendable, Hashable {
    public var path: String?
    public var roleName: String?
    public var roleId: String?
    public var arn: String?
    public var createDate: String?
    /// `AssumeRolePolicyDocument`, URL-encoded as AWS sent it.
    public var assumeRolePolicyDocument: String?
    public var description: String?
    public var maxSessionDuration: Int?
    public var permissionsBoundary: AttachedPermissionsBoundary?
    public var tags: [Tag]
    public var roleLastUsed: RoleLastUsed?

    init(xml: XMLElement) {
        path = xml.value(at: "Path")
        roleName = xml.value(at: "RoleName")
        roleId = xml.value(at: "RoleId")
        arn = xml.value(at: "Arn")
        createDate = xml.value(at: "CreateDate")
        assumeRolePolicyDocument = xml.value(at: "AssumeRolePolicyDocument")
        description = xml.value(at: "Description")
        maxSessionDuration = xml.int(at: "MaxSessionDuration")
        permissionsBoundary = AttachedPermissionsBoundary(xml: xml.child("PermissionsBoundary"))
        tags = xml.members("Tags").map(Tag.init(xml:))
        roleLastUsed = RoleLastUsed(xml: xml.child("RoleLastUsed"))
    }
}

/// `InstanceProfile`.
public struct InstanceProfile: Sendable, Hashable {
    public var path: String?
    public var instanceProfileName: String?
    public var instanceProfileId: String?
    public var arn: String?
    public var createDate: String?
    public var roles: [Role]
    public var tags: [Tag]

    init(xml: XMLElement) {
        path = xml.value(at: "Path")
        instanceProfileName = xml.value(at: "InstanceProfileName")
        instanceProfileId = xml.value(at: "InstanceProfileId")
        arn = xml.value(at: "Arn")
        createDate = xml.value(at: "CreateDate")
        roles = xml.members("Roles").map(Role.init(xml:))
        tags = xml.members("Tags").map(Tag.init(xml:))
    }
}

/// `RoleDetail`.
public struct RoleDetail: Sendable, Hashable {
    public var path: String?
    public var roleName: String?
    public var roleId: String?
    public var arn: String?
    public var createDate: String?
    /// `AssumeRolePolicyDocument`, URL-encoded as AWS sent it.
    public var assumeRolePolicyDocument: String?
    public var instanceProfileList: [InstanceProfile]
    public var rolePolicyList: [PolicyDetail]
    public var attachedManagedPolicies: [AttachedPolicy]
    public var permissionsBoundary: AttachedPermissionsBoundary?
    public var tags: [Tag]
    public var roleLastUsed: RoleLastUsed?

    /// The trust policy as JSON text.
    public var decodedAssumeRolePolicyDocument: String? {
        assumeRolePolicyDocument.flatMap(AccountAuthorizationDetails.decodedDocument)
    }

    init(xml: XMLElement) {
        path = xml.value(at: "Path")
        roleName = xml.value(at: "RoleName")
        roleId = xml.value(at: "RoleId")
        arn = xml.value(at: "Arn")
        createDate = xml.value(at: "CreateDate")
        assumeRolePolicyDocument = xml.value(at: "AssumeRolePolicyDocument")
        instanceProfileList = xml.members("InstanceProfileList").map(InstanceProfile.init(xml:))
        rolePolicyList = xml.members("RolePolicyList").map(PolicyDetail.init(xml:))
        attachedManagedPolicies = xml.members("AttachedManagedPolicies").map(AttachedPolicy.init(xml:))
        permissionsBoundary = AttachedPermissionsBoundary(xml: xml.child("PermissionsBoundary"))
        tags = xml.members("Tags").map(Tag.init(xml:))
        roleLastUsed = RoleLastUsed(xml: xml.child("RoleLastUsed"))
    }
}

/// `PolicyVersion`.
public struct PolicyVersion: Sendable, Hashable {
    /// `Document`, URL-encoded as AWS sent it.
    public var document: String?
    public var versionId: String?
    public var isDefaultVersion: Bool
    public var createDate: String?
    /// The document as JSON text.
    public var decodedDocument: String? { document.flatMap(AccountAuthorizationDetails.decodedDocument) }

    init(xml: XMLElement) {
        document = xml.value(at: "Document")
        versionId = xml.value(at: "VersionId")
        isDefaultVersion = xml.bool(at: "IsDefaultVersion") ?? false
        createDate = xml.value(at: "CreateDate")
    }
}

/// `ManagedPolicyDetail`.
public struct ManagedPolicyDetail: Sendable, Hashable {
    public var policyName: String?
    public var policyId: String?
    public var arn: String?
    public var path: String?
    public var defaultVersionId: String?
    public var attachmentCount: Int?
    public var permissionsBoundaryUsageCount: Int?
    public var isAttachable: Bool?
    public var description: String?
    public var createDate: String?
    public var updateDate: String?
    /// `PolicyVersionList`: every version, the default one flagged.
    public var policyVersionList: [PolicyVersion]

    /// The version marked `IsDefaultVersion`, else the one named by `DefaultVersionId`.
    public var defaultVersion: PolicyVersion? {
        policyVersionList.first(where: \.isDefaultVersion)
            ?? policyVersionList.first { $0.versionId != nil && $0.versionId == defaultVersionId }
    }

    init(xml: XMLElement) {
        policyName = xml.value(at: "PolicyName")
        policyId = xml.value(at: "PolicyId")
        arn = xml.value(at: "Arn")
        path = xml.value(at: "Path")
        defaultVersionId = xml.value(at: "DefaultVersionId")
        attachmentCount = xml.int(at: "AttachmentCount")
        permissionsBoundaryUsageCount = xml.int(at: "PermissionsBoundaryUsageCount")
        isAttachable = xml.bool(at: "IsAttachable")
        description = xml.value(at: "Description")
        createDate = xml.value(at: "CreateDate")
        updateDate = xml.value(at: "UpdateDate")
        policyVersionList = xml.members("PolicyVersionList").map(PolicyVersion.init(xml:))
    }
}
