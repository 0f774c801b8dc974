import JSON

/// Writes a realistic, deterministic `aws iam get-account-authorization-details` file of any size, for benchmarks and
/// tests: roles with one to three inline policies of a few statements and one or two attached customer managed
/// policies out of a pool, each managed policy with two or three versions, users in groups, tags and trust policies,
/// pretty-printed as the AWS CLI prints it (or with URL-encoded documents, as the raw API returns them).
///
/// Names are predictable so a benchmark can pick a principal: `roleARN(_:)` and `userARN(_:)` give the ARN of the
/// role or user with a given index in account `account`.
///
/// Some paths of escalation are laid out on purpose, without changing the random draws: the members of the first
/// group may assume the `platform-deploy-*` roles (whose trust policies name the account); every 50th role's trust
/// policy also names one user directly; and every 500th role from the fourth on is an instance-profile role EC2 may
/// assume.
public enum AuthorizationDetailsGenerator {
    /// The account every generated entity belongs to.
    public static let account = "123456789012"

    /// The document as bytes. `roles`, `users`, `groups` and `managedPolicies` count the entities; each user joins
    /// up to `groupsPerUser` groups; the same `seed` always gives the same bytes.
    public static func make(
        roles: Int, users: Int = 100, groups: Int = 10, groupsPerUser: Int = 2, managedPolicies: Int = 500,
        urlEncodedDocuments: Bool = false, seed: UInt64 = 1
    ) -> [UInt8] {
        var generator = Generator(
            seed: seed, managedPolicies: max(1, managedPolicies), groups: max(0, groups),
            urlEncoded: urlEncodedDocuments)
        return generator.document(
            roles: max(0, roles), users: max(0, users), groupsPerUser: max(0, min(groupsPerUser, groups)))
    }

    /// The ARN of role number `index` (from 0).
    public static func roleARN(_ index: Int) -> String {
        "arn:aws:iam::\(account):role\(rolePath(index))\(roleName(index))"
    }

    /// The ARN of user number `index` (from 0).
    public static func userARN(_ index: Int) -> String {
        "arn:aws:iam::\(account):user\(userPath(index))\(userName(index))"
    }

    static let teams = ["platform", "data", "web", "ml", "security", "payments", "search"]
    static let purposes = ["deploy", "build", "runtime", "etl", "scanner", "pipeline", "images"]

    static func roleName(_ index: Int) -> String {
        "\(teams[index % teams.count])-\(purposes[(index / teams.count) % purposes.count])-\(padded(index, 5))"
    }

    static func rolePath(_ index: Int) -> String {
        switch index % 10 {
        case 3: return "/service-role/"
        case 7: return "/\(teams[index % teams.count])/"
        default: return "/"
        }
    }

    static func userName(_ index: Int) -> String { "user-\(padded(index, 4))" }

    static func userPath(_ index: Int) -> String { index % 4 == 1 ? "/engineering/" : "/" }

    static func groupName(_ index: Int) -> String { "\(teams[index % teams.count])-group-\(index)" }

    static func policyName(_ index: Int) -> String { "ImageBuilderAccess-\(padded(index, 4))" }

    static func policyARN(_ index: Int) -> String { "arn:aws:iam::\(account):policy/\(policyName(index))" }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// SplitMix64: small, fast and deterministic for a given seed.
private struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }
}

extension JSONWriter {
    /// A `"name": value` member as the AWS CLI prints a list that may hold one element: one string alone, more as an
    /// array.
    fileprivate mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        if values.count == 1 {
            string(values[0])
            return
        }
        beginArray()
        for value in values { string(value) }
        endArray()
    }
}

private struct Generator {
    typealias Names = AuthorizationDetailsGenerator

    var random: SplitMix64
    let managedPolicies: Int
    let groups: Int
    let urlEncoded: Bool
    /// The AWS CLI's layout: four-space indentation, `"key": value`, `[]` and `{}` for empty containers.
    var writer = JSONWriter(layout: .indented(spaces: 4))
    /// The Sids of the policy document being written.
    var documentSids: Set<String> = []

    init(seed: UInt64, managedPolicies: Int, groups: Int, urlEncoded: Bool) {
        random = SplitMix64(state: seed)
        self.managedPolicies = managedPolicies
        self.groups = groups
        self.urlEncoded = urlEncoded
    }

    static let actions = [
        "imagebuilder:GetImage", "imagebuilder:ListImages", "imagebuilder:CreateImage", "imagebuilder:DeleteImage",
        "imagebuilder:TagResource", "imagebuilder:UntagResource", "imagebuilder:GetImageRecipe",
        "imagebuilder:ListImageRecipes", "imagebuilder:GetInfrastructureConfiguration",
        "imagebuilder:GetDistributionConfiguration", "imagebuilder:ListImagePipelines", "imagebuilder:*",
        "ec2:DescribeImages", "ec2:RunInstances", "ec2:CreateTags", "ec2:DescribeInstances", "s3:GetObject",
        "s3:PutObject", "s3:ListBucket", "logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt",
        "kms:GenerateDataKey", "iam:PassRole", "ssm:GetParameter", "ecr:BatchGetImage", "cloudformation:GetResource",
        "cloudformation:ListResources", "cloudformation:CreateResource", "cloudformation:UpdateResource",
    ]

    static let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]

    mutating func document(roles: Int, users: Int, groupsPerUser: Int) -> [UInt8] {
        writer = JSONWriter(
            layout: .indented(spaces: 4), capacity: roles * 7_000 + managedPolicies * 3_000 + users * 2_000 + 4_096)
        writer.beginObject()
        writer.key("UserDetailList")
        writer.beginArray()
        for index in 0..<users { user(index, groupsPerUser: groupsPerUser) }
        writer.endArray()
        writer.key("GroupDetailList")
        writer.beginArray()
        for index in 0..<groups { group(index) }
        writer.endArray()
        writer.key("RoleDetailList")
        writer.beginArray()
        for index in 0..<roles { role(index, users: users) }
        writer.endArray()
        writer.key("Policies")
        writer.beginArray()
        for index in 0..<managedPolicies { managedPolicy(index) }
        writer.endArray()
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    // MARK: Entities

    mutating func user(_ index: Int, groupsPerUser: Int) {
        writer.beginObject()
        writer.member("Path", Names.userPath(index))
        writer.member("UserName", Names.userName(index))
        writer.member("UserId", identifier("AIDA"))
        writer.member("Arn", Names.userARN(index))
        writer.member("CreateDate", date())
        writer.key("UserPolicyList")
        writer.beginArray()
        if random.chance(40) { inlinePolicy(name: "\(Names.userName(index))-inline") }
        writer.endArray()
        writer.key("GroupList")
        writer.beginArray()
        if groups > 0 {
            for offset in 0..<groupsPerUser { writer.string(Names.groupName((index + offset * 3) % groups)) }
        }
        writer.endArray()
        attachedPolicies(count: random.below(2))
        if index % 5 == 0 { boundary() }
        tags()
        writer.endObject()
    }

    mutating func group(_ index: Int) {
        writer.beginObject()
        writer.member("Path", "/")
        writer.member("GroupName", Names.groupName(index))
        writer.member("GroupId", identifier("AGPA"))
        writer.member("Arn", "arn:aws:iam::\(Names.account):group/\(Names.groupName(index))")
        writer.member("CreateDate", date())
        writer.key("GroupPolicyList")
        writer.beginArray()
        inlinePolicy(name: "\(Names.groupName(index))-inline", assumesDeployRoles: index == 0)
        writer.endArray()
        attachedPolicies(count: 1 + random.below(2))
        writer.endObject()
    }

    /// `users`: how many users the document has, for the one a trust policy may name.
    mutating func role(_ index: Int, users: Int) {
        let name = Names.roleName(index)
        writer.beginObject()
        writer.member("Path", Names.rolePath(index))
        writer.member("RoleName", name)
        writer.member("RoleId", identifier("AROA"))
        writer.member("Arn", Names.roleARN(index))
        writer.member("CreateDate", date())
        let service: String? =
            index % 500 == 3 ? "ec2.amazonaws.com" : index % 10 == 3 ? "imagebuilder.amazonaws.com" : nil
        let trustedUser = index % 50 == 0 && users > 0 ? Names.userARN((index / 50) % users) : nil
        writer.key("AssumeRolePolicyDocument")
        policyDocument { generator in generator.trustStatement(service: service, user: trustedUser) }
        writer.key("InstanceProfileList")
        writer.beginArray()
        if service == "ec2.amazonaws.com" { instanceProfile(name) }
        writer.endArray()
        writer.key("RolePolicyList")
        writer.beginArray()
        for number in 0..<(1 + random.below(3)) { inlinePolicy(name: "\(name)-policy-\(number)") }
        writer.endArray()
        attachedPolicies(count: 1 + random.below(2))
        if index % 8 == 0 { boundary() }
        tags()
        writer.key("RoleLastUsed")
        writer.beginObject()
        if random.chance(70) {
            writer.member("LastUsedDate", date())
            writer.member("Region", random.pick(Self.regions))
        }
        writer.endObject()
        writer.endObject()
    }

    mutating func managedPolicy(_ index: Int) {
        let versionCount = 2 + random.below(2)
        let defaultVersion = 1 + random.below(versionCount)
        writer.beginObject()
        writer.member("PolicyName", Names.policyName(index))
        writer.member("PolicyId", identifier("ANPA"))
        writer.member("Arn", Names.policyARN(index))
        writer.member("Path", "/")
        writer.member("DefaultVersionId", "v\(defaultVersion)")
        writer.key("AttachmentCount")
        writer.int(random.below(40))
        writer.key("PermissionsBoundaryUsageCount")
        writer.int(0)
        writer.key("IsAttachable")
        writer.bool(true)
        writer.member("CreateDate", date())
        writer.member("UpdateDate", date())
        writer.key("PolicyVersionList")
        writer.beginArray()
        for version in stride(from: versionCount, through: 1, by: -1) {
            writer.beginObject()
            writer.key("Document")
            policyDocument { generator in
                for _ in 0..<(1 + generator.random.below(4)) { generator.statement() }
            }
            writer.member("VersionId", "v\(version)")
            writer.key("IsDefaultVersion")
            writer.bool(version == defaultVersion)
            writer.member("CreateDate", date())
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    // MARK: Parts

    /// `assumesDeployRoles`: one more statement, drawn from nothing, that allows assuming the `platform-deploy-*`
    /// roles.
    mutating func inlinePolicy(name: String, assumesDeployRoles: Bool = false) {
        writer.beginObject()
        writer.member("PolicyName", name)
        writer.key("PolicyDocument")
        policyDocument { generator in
            for _ in 0..<(2 + generator.random.below(4)) { generator.statement() }
            if assumesDeployRoles {
                generator.writer.beginObject()
                generator.writer.member("Sid", "AssumeDeployRoles")
                generator.writer.member("Effect", "Allow")
                generator.writer.member("Action", "sts:AssumeRole")
                generator.writer.member("Resource", "arn:aws:iam::\(Names.account):role/platform-deploy-*")
                generator.writer.endObject()
            }
        }
        writer.endObject()
    }

    /// An `InstanceProfileList` entry of the same name as its role.
    mutating func instanceProfile(_ name: String) {
        writer.beginObject()
        writer.member("Path", "/")
        writer.member("InstanceProfileName", name)
        writer.member("Arn", "arn:aws:iam::\(Names.account):instance-profile/\(name)")
        writer.key("Roles")
        writer.beginArray()
        writer.endArray()
        writer.endObject()
    }

    mutating func attachedPolicies(count: Int) {
        writer.key("AttachedManagedPolicies")
        writer.beginArray()
        var used: Set<Int> = []
        for _ in 0..<count {
            let index = random.below(managedPolicies)
            guard used.insert(index).inserted else { continue }
            writer.beginObject()
            writer.member("PolicyName", Names.policyName(index))
            writer.member("PolicyArn", Names.policyARN(index))
            writer.endObject()
        }
        writer.endArray()
    }

    mutating func boundary() {
        writer.key("PermissionsBoundary")
        writer.beginObject()
        writer.member("PermissionsBoundaryType", "Policy")
        writer.member("PermissionsBoundaryArn", Names.policyARN(random.below(managedPolicies)))
        writer.endObject()
    }

    mutating func tags() {
        writer.key("Tags")
        writer.beginArray()
        let keys = ["team", "env", "cost-center"]
        for key in keys.prefix(random.below(keys.count + 1)) {
            writer.beginObject()
            writer.member("Key", key)
            writer.member("Value", key == "env" ? random.pick(["prod", "staging", "dev"]) : random.pick(Names.teams))
            writer.endObject()
        }
        writer.endArray()
    }

    /// Writes a policy document whose statements `body` writes: as an object, or as one URL-encoded string.
    mutating func policyDocument(_ body: (inout Generator) -> Void) {
        if urlEncoded {
            let outer = writer
            writer = JSONWriter(layout: .compact, capacity: 1_024)
            writeDocument(body)
            let compact = writer.bytes
            writer = outer
            writer.string(Self.percentEncode(compact))
        } else {
            writeDocument(body)
        }
    }

    private mutating func writeDocument(_ body: (inout Generator) -> Void) {
        documentSids = []
        writer.beginObject()
        writer.member("Version", "2012-10-17")
        writer.key("Statement")
        writer.beginArray()
        body(&self)
        writer.endArray()
        writer.endObject()
    }

    /// Trusts `service`, else the account and, when given, `user` by its ARN.
    mutating func trustStatement(service: String?, user: String?) {
        writer.beginObject()
        writer.member("Effect", "Allow")
        writer.key("Principal")
        writer.beginObject()
        if let service {
            writer.member("Service", service)
        } else {
            writer.strings("AWS", ["arn:aws:iam::\(Names.account):root"] + (user.map { [$0] } ?? []))
        }
        writer.endObject()
        writer.member("Action", "sts:AssumeRole")
        writer.endObject()
    }

    mutating func statement() {
        writer.beginObject()
        if random.chance(30) {
            // IAM refuses a policy whose Sids repeat, so a repeated draw gets a suffix.
            var sid = "Statement\(random.below(1_000))"
            while documentSids.contains(sid) { sid += "b" }
            documentSids.insert(sid)
            writer.member("Sid", sid)
        }
        writer.member("Effect", random.chance(12) ? "Deny" : "Allow")
        var actions: [String] = []
        for _ in 0..<(1 + random.below(6)) {
            let action = random.pick(Self.actions)
            if !actions.contains(action) { actions.append(action) }
        }
        writer.strings("Action", actions)
        if random.chance(25) {
            writer.member("Resource", "*")
        } else {
            var resources: [String] = []
            for _ in 0..<(1 + random.below(3)) {
                let region = random.pick(Self.regions)
                let team = random.pick(Names.teams)
                resources.append("arn:aws:imagebuilder:\(region):\(Names.account):image/\(team)-*/*")
            }
            writer.strings("Resource", resources)
        }
        if random.chance(35) {
            writer.key("Condition")
            writer.beginObject()
            switch random.below(3) {
            case 0:
                writer.key("StringEquals")
                writer.beginObject()
                writer.strings("aws:RequestedRegion", [random.pick(Self.regions), random.pick(Self.regions)])
                writer.endObject()
            case 1:
                writer.key("StringEquals")
                writer.beginObject()
                writer.member("aws:ResourceTag/team", "${aws:PrincipalTag/team}")
                writer.endObject()
            default:
                writer.key("Bool")
                writer.beginObject()
                writer.member("aws:SecureTransport", "true")
                writer.endObject()
            }
            writer.endObject()
        }
        writer.endObject()
    }

    mutating func identifier(_ prefix: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".unicodeScalars)
        var text = prefix
        for _ in 0..<17 { text.unicodeScalars.append(alphabet[random.below(alphabet.count)]) }
        return text
    }

    mutating func date() -> String {
        let year = 2019 + random.below(7)
        let month = AuthorizationDetailsGenerator.padded(1 + random.below(12), 2)
        let day = AuthorizationDetailsGenerator.padded(1 + random.below(28), 2)
        let hour = AuthorizationDetailsGenerator.padded(random.below(24), 2)
        let minute = AuthorizationDetailsGenerator.padded(random.below(60), 2)
        return "\(year)-\(month)-\(day)T\(hour):\(minute):00+00:00"
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters, as IAM's API encodes documents.
    static func percentEncode(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
