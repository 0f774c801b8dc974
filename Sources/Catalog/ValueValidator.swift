import Diagnostics
import IAMPolicy
import ServiceReference

/// Checks a statement's values against what the catalog and the service reference say they are — a Region name, an
/// account id, an ARN of the resource type the column names, a role ARN or role name — before any request is built
/// from them. A value that cannot be right gives one sentence naming the column and the value; a value whose parts
/// are unknown (`{{ var }}` with no `--var`) is checked only as far as it is known, and is otherwise left unknown.
public struct ValueValidator: Sendable {
    public var reference: ServiceReference

    public init(reference: ServiceReference = .shared) {
        self.reference = reference
    }

    // MARK: - A statement's values

    /// Why the value a statement gives `column` cannot be right, or `nil` (it can, or too little of it is known to
    /// say). `inputs` carries the partition, the statement's Region and the account the statement runs in.
    public func problem(
        column: String, value: PartialValue, resource: ResourceDefinition, method: ResourceMethod,
        inputs: OperationInputs
    ) -> String? {
        let lower = column.lowercased()
        let partition = inputs.partition
        let knownPartition = inputs.partitionIsKnown ? partition : nil
        let region = inputs.region.knownText
        let account = inputs.account.knownText.flatMap { $0.isEmpty ? nil : $0 }
        let service = reference.service(resource.service)
        switch lower {
        case "region":
            guard let text = value.knownText else { return nil }
            return regionProblem(text, key: "region", partition: knownPartition)
        case "identifier":
            guard resource.identifier.lowercased() == "arn",
                let type = RequestBuilder(reference: reference).primaryResourceType(of: resource)
            else { return nil }
            // Reading an AWS-owned resource (account `aws`) may work; changing one cannot.
            let expectation = Expectation(
                key: column, service: resource.service, type: type, exactShape: true, account: account,
                allowsAWSAccount: method.name == "get_resource")
            return arnProblem(value, expected: expectation, partition: knownPartition, region: region)
        case "rolearn":
            return roleProblem(value, key: column, allowsName: false, partition: knownPartition)
        case "executionrole":
            return roleProblem(value, key: column, allowsName: true, partition: knownPartition)
        case "workflows":
            guard let type = service?.resourceTypes["workflow"],
                let arns = try? StatementFacts.workflowARNs(value)
            else { return nil }
            for (index, arn) in arns.enumerated() {
                let expectation = Expectation(
                    key: "\(column)[\(index)].WorkflowArn", service: resource.service, type: type, exactShape: false,
                    account: nil, allowsAWSAccount: true)
                if let problem = arnProblem(arn, expected: expectation, partition: knownPartition, region: region) {
                    return problem
                }
            }
            return nil
        default:
            // `ImageRecipeArn` → the service's `imageRecipe` type; the resource may be shared from another account.
            guard lower.hasSuffix("arn"), lower != "arn",
                let type = service?.resourceTypes[String(lower.dropLast(3))]
            else { return nil }
            let expectation = Expectation(
                key: column, service: resource.service, type: type, exactShape: false, account: nil,
                allowsAWSAccount: true)
            return arnProblem(value, expected: expectation, partition: knownPartition, region: region)
        }
    }

    // MARK: - Regions and accounts

    /// The Regions AWS lists (`general/latest/gr/rande.html`, "Regional endpoints"), for suggestions. A Region not
    /// listed here is still accepted when it has a Region's shape (`isRegionShaped`).
    public static let knownRegions: [String] = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1",
        "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1",
        "eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
        "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1", "us-iso-east-1", "us-iso-west-1",
        "us-isob-east-1", "us-isof-south-1", "us-isof-east-1", "eu-isoe-west-1", "eusc-de-east-1",
    ]

    /// The direction words every Region name uses (`us-east-1`, `ap-northeast-3`, `ca-central-1`…).
    static let directions: Set<String> = [
        "east", "west", "north", "south", "central", "northeast", "northwest", "southeast", "southwest",
    ]

    /// Whether `text` has a Region's shape: an area (`us`, `ap`, `eusc`…), optionally `gov`, `iso`/`isob`/… or a
    /// country (`eusc-de-east-1`), a direction word and a number.
    public static func isRegionShaped(_ text: String) -> Bool {
        let pieces = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == 3 || pieces.count == 4 else { return false }
        func letters(_ piece: String, _ range: ClosedRange<Int>) -> Bool {
            range.contains(piece.count) && piece.allSatisfy { $0.isASCII && $0.isLowercase }
        }
        guard letters(pieces[0], 2...4), directions.contains(pieces[pieces.count - 2]) else { return false }
        let number = pieces[pieces.count - 1]
        guard !number.isEmpty, number.count <= 2, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        if pieces.count == 4 {
            let qualifier = pieces[1]
            let isGovOrIso = qualifier == "gov" || (qualifier.hasPrefix("iso") && letters(qualifier, 3...4))
            guard isGovOrIso || letters(qualifier, 2...2) else { return false }
        }
        return true
    }

    /// The partition a Region belongs to (`aws-arns-and-namespaces.html`: each account is scoped to one partition).
    public static func partition(ofRegion region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        if region.hasPrefix("eusc-") { return "aws-eusc" }
        let pieces = region.split(separator: "-")
        if pieces.count == 4, pieces[1].hasPrefix("iso") {
            return pieces[1] == "iso" ? "aws-iso" : "aws-iso-\(pieces[1].dropFirst(3))"
        }
        return "aws"
    }

    /// Why `region` (what `key` gave) cannot be a Region of `partition`, or `nil` when it can.
    public func regionProblem(_ region: String, key: String, partition: String?) -> String? {
        guard Self.isRegionShaped(region) else {
            var message = "\(key) '\(region)' is not an AWS Region name (Regions are named like us-east-1"
            if let suggestion = Self.regionSuggestion(region) { message += "; did you mean '\(suggestion)'?" }
            return message + ")"
        }
        if let partition, Self.partition(ofRegion: region) != partition {
            return "\(key) '\(region)' is a Region of partition \(Self.partition(ofRegion: region)), but the principal "
                + "is in partition \(partition)"
        }
        return nil
    }

    static func regionSuggestion(_ text: String) -> String? {
        Suggestion.closest(to: text, among: knownRegions, maxDistance: 3)
    }

    /// Whether `text` is an account id: 12 digits (`aws-arns-and-namespaces.html`; IAM's `accountIdType`).
    public static func isAccountID(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    // MARK: - ARNs

    /// What one value is checked against: the resource type it must be an ARN of.
    public struct Expectation: Sendable {
        /// The column or key, for messages (`Identifier`, `ImageRecipeArn`, `Workflows[0].WorkflowArn`).
        public var key: String
        public var service: String
        public var type: ResourceTypeInfo
        /// The whole ARN must have the type's shape (an Identifier); otherwise its resource part need only start as
        /// the type's does (`image-recipe/…`), since services accept version forms the template does not spell.
        public var exactShape: Bool
        /// The account the resource must be in, when known; `nil` accepts any 12-digit account.
        public var account: String?
        /// Whether AWS's own account (`aws`, e.g. AWS-managed components and workflows) is acceptable.
        public var allowsAWSAccount: Bool
    }

    /// Why `value` cannot be an ARN of `expected` in `partition` and `region` (each when known), or `nil`.
    public func arnProblem(
        _ value: PartialValue, expected: Expectation, partition: String?, region: String?
    ) -> String? {
        let typeName = Self.words(expected.type.key)
        let shape = Self.displayTemplate(expected.type.arnTemplate, partition: partition ?? "aws")
        let known = Self.knownPrefix(value)
        guard !known.isEmpty else { return nil }
        let quoted = "\(expected.key) '\(value.sqlText)'"
        if value.knownText != nil, known.hasPrefix("<") && known.hasSuffix(">") {
            return "\(quoted) is the documentation's placeholder, not \(Self.article(typeName)) \(typeName) ARN "
                + "(\(shape))"
        }
        let notThisType = "\(quoted) is not \(Self.article(typeName)) \(typeName) ARN (\(shape))"
        guard known.hasPrefix("arn:") || (value.knownText == nil && "arn:".hasPrefix(known)) else {
            return notThisType
        }
        let fields = Self.fields(known, complete: value.knownText != nil)
        guard value.knownText == nil || fields.count == 6 else { return notThisType }
        // A complete field is one followed by `:` in the known text (or the last one of a fully known value).
        func field(_ index: Int) -> String? { index < fields.count ? fields[index] : nil }
        if let arnPartition = field(1), let partition, arnPartition != partition {
            return "\(quoted) is in partition \(arnPartition), but the principal is in partition \(partition)"
        }
        if let service = field(2), service != expected.service {
            return "\(quoted) is an ARN of service \(service), not \(Self.article(typeName)) \(typeName) ARN (\(shape))"
        }
        if fields.count == 6 || value.knownText == nil, let resource = field(5) ?? Self.partialResource(known) {
            if let problem = resourceProblem(
                resource, complete: value.knownText != nil, quoted: quoted, expected: expected, shape: shape)
            {
                return problem
            }
        }
        if let arnRegion = field(3) {
            if let problem = regionProblem(arnRegion, key: "the Region of \(quoted)", partition: partition) {
                return problem
            }
            if let region, arnRegion != region {
                return "\(quoted) is in Region \(arnRegion), but the statement runs in Region \(region)"
            }
        }
        if let arnAccount = field(4) {
            let isAWS = arnAccount == "aws" && expected.allowsAWSAccount
            guard Self.isAccountID(arnAccount) || isAWS else {
                return "\(quoted) has account '\(arnAccount)', which is not a 12-digit account id"
            }
            if let account = expected.account, arnAccount != account, !isAWS {
                return "\(quoted) belongs to account \(arnAccount), but the statement runs in account \(account)"
            }
        }
        return nil
    }

    /// The resource part against the expected type: its shape (exact) or its leading literal (`image-recipe/`); a
    /// mismatch names the type the ARN is of, when it is another of the service's.
    private func resourceProblem(
        _ resource: String, complete: Bool, quoted: String, expected: Expectation, shape: String
    ) -> String? {
        let typeName = Self.words(expected.type.key)
        let resourceTemplate = Self.resourcePart(expected.type.arnTemplate)
        if complete {
            let fits =
                expected.exactShape
                ? Self.matches(resource, template: resourceTemplate)
                : Self.startsLike(resource, template: resourceTemplate, complete: true)
            if fits { return nil }
        } else {
            if Self.startsLike(resource, template: resourceTemplate, complete: false) { return nil }
        }
        let other = reference.service(expected.service)?.resourceTypes.values.filter {
            let part = Self.resourcePart($0.arnTemplate)
            return complete
                ? Self.matches(resource, template: part) : Self.startsLike(resource, template: part, complete: false)
        }.map(\.key).sorted().first
        if let other, other.lowercased() != expected.type.key.lowercased() {
            let otherName = Self.words(other)
            return "\(quoted) is \(Self.article(otherName)) \(otherName) ARN, not \(Self.article(typeName)) "
                + "\(typeName) ARN (\(shape))"
        }
        return "\(quoted) is not \(Self.article(typeName)) \(typeName) ARN (\(shape))"
    }

    // MARK: - Roles

    /// Why `value` cannot be a role: a role ARN (`arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`) or, when `allowsName`,
    /// a role name (IAM's `roleNameType`: 1–64 of letters, digits and `+=,.@_-`), optionally after its path.
    public func roleProblem(_ value: PartialValue, key: String, allowsName: Bool, partition: String?) -> String? {
        let known = Self.knownPrefix(value)
        guard !known.isEmpty else { return nil }
        let shape = "arn:\(partition ?? "aws"):iam::ACCOUNT:role/NAME"
        let quoted = "\(key) '\(value.sqlText)'"
        let looksLikeARN = known.hasPrefix("arn:") || (value.knownText == nil && "arn:".hasPrefix(known))
        if looksLikeARN {
            let fields = Self.fields(known, complete: value.knownText != nil)
            let notRole = "\(quoted) is not a role ARN (\(shape))"
            if value.knownText != nil && fields.count != 6 { return notRole }
            if fields.count > 1, let partition, fields[1] != partition {
                return "\(quoted) is in partition \(fields[1]), but the principal is in partition \(partition)"
            }
            if fields.count > 2, fields[2] != "iam" { return notRole }
            if fields.count > 3, !fields[3].isEmpty { return "\(notRole): IAM ARNs have no Region" }
            if fields.count > 4, !Self.isAccountID(fields[4]) {
                return "\(quoted) has account '\(fields[4])', which is not a 12-digit account id"
            }
            if let resource = fields.count > 5 ? fields[5] : Self.partialResource(known) {
                let complete = value.knownText != nil
                if complete, !resource.hasPrefix("role/") || !Self.isRoleName(lastSegment(resource)) {
                    return notRole
                }
                if !complete, !resource.hasPrefix("role/") && !"role/".hasPrefix(resource) { return notRole }
            }
            return nil
        }
        guard allowsName else {
            return "\(quoted) is not a role ARN (\(shape)); Cloud Control takes only a role's ARN there"
        }
        // A name (perhaps after its path); unknown parts may hold anything, so only known text is checked.
        guard let text = value.knownText else {
            let allowed = value.parts.allSatisfy {
                if case .literal(let text) = $0 { return text.allSatisfy { Self.isRoleNameCharacter($0) || $0 == "/" } }
                return true
            }
            return allowed ? nil : Self.notARole(quoted, shape: shape)
        }
        var segments = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if segments.count > 1 && segments[0].isEmpty { segments.removeFirst() }
        let name = segments.removeLast()
        let pathIsValid = segments.allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { $0.isASCII && !$0.isWhitespace }
        }
        return Self.isRoleName(name) && pathIsValid ? nil : Self.notARole(quoted, shape: shape)
    }

    private static func notARole(_ quoted: String, shape: String) -> String {
        "\(quoted) is neither a role ARN (\(shape)) nor a role name (1 to 64 letters, digits and +=,.@_-)"
    }

    private func lastSegment(_ text: String) -> String {
        String(text.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    static func isRoleNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "+=,.@_-".contains(character))
    }

    /// IAM's `roleNameType`: `[\w+=,.@-]{1,64}`.
    public static func isRoleName(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy(isRoleNameCharacter)
    }

    // MARK: - Text helpers

    /// The literal text before the first unknown part.
    static func knownPrefix(_ value: PartialValue) -> String {
        var text = ""
        for part in value.parts {
            guard case .literal(let literal) = part else { break }
            text += literal
        }
        return text
    }

    /// The ARN fields the known text settles: all six of a complete ARN (the resource keeps its colons), or those
    /// followed by a `:` in a known prefix.
    static func fields(_ known: String, complete: Bool) -> [String] {
        let pieces = known.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if complete {
            guard pieces.count >= 6 else { return pieces }
            return Array(pieces[0..<5]) + [pieces[5...].joined(separator: ":")]
        }
        return Array(pieces.dropLast().prefix(5))
    }

    /// The known start of the resource part of a partly known ARN, when the known text reaches it.
    static func partialResource(_ known: String) -> String? {
        let pieces = known.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count >= 6 else { return nil }
        return pieces[5...].joined(separator: ":")
    }

    /// `image/${ImageName}/…` from `arn:${Partition}:imagebuilder:${Region}:${Account}:image/${ImageName}/…`.
    static func resourcePart(_ arnTemplate: String) -> String {
        let pieces = arnTemplate.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count >= 6 else { return arnTemplate }
        return pieces[5...].joined(separator: ":")
    }

    /// Whether `text` has the template's shape: its literals in place, each placeholder non-empty text without `/`
    /// (with `/` for `…WithPath`).
    static func matches(_ text: String, template: String) -> Bool {
        let parts = PartialValue(template: template).parts
        let characters = Array(text)
        func match(_ part: Int, _ index: Int) -> Bool {
            guard part < parts.count else { return index == characters.count }
            switch parts[part] {
            case .literal(let literal):
                let wanted = Array(literal)
                guard index + wanted.count <= characters.count,
                    Array(characters[index..<(index + wanted.count)]) == wanted
                else { return false }
                return match(part + 1, index + wanted.count)
            case .unknown(let name):
                let slash = name.hasSuffix("WithPath")
                var end = index
                while end < characters.count, characters[end] != ":", slash || characters[end] != "/" {
                    end += 1
                    if match(part + 1, end) { return true }
                }
                return false
            }
        }
        return match(0, 0)
    }

    /// Whether `text` starts as the template does (its literal text before the first placeholder), with something
    /// after it when the text is complete.
    static func startsLike(_ text: String, template: String, complete: Bool) -> Bool {
        var lead = ""
        if case .literal(let literal)? = PartialValue(template: template).parts.first { lead = literal }
        if complete { return text.hasPrefix(lead) && text.count > lead.count }
        return text.hasPrefix(lead) || lead.hasPrefix(text)
    }

    /// `arn:aws:imagebuilder:${Region}:${Account}:image/${ImageName}/…` — the template with the partition filled.
    static func displayTemplate(_ arnTemplate: String, partition: String) -> String {
        PartialValue(template: arnTemplate).parts.map { part -> String in
            switch part {
            case .literal(let text): return text
            case .unknown(let name): return name == "Partition" ? partition : "${\(name)}"
            }
        }.joined()
    }

    /// `imageRecipe` → `image recipe`.
    static func words(_ key: String) -> String {
        var text = ""
        for character in key {
            if character.isUppercase && !text.isEmpty { text.append(" ") }
            text.append(contentsOf: character.lowercased())
        }
        return text
    }

    static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeio".contains(first) ? "an" : "a"
    }
}
