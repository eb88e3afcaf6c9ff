import Foundation

/// The printed title of a unit's head, e.g. under the signature on the memo.
///
/// Units are named by their kind first (กลุ่มงานสุขภาพดิจิทัล, กลุ่มกฎหมาย, ฝ่ายบริหาร, งานพัสดุ);
/// the head of such a unit is "หัวหน้า" + the name. Only a bare name (สุขภาพดิจิทัล) gets the
/// generic kind กลุ่มงาน in between. Gluing "หัวหน้ากลุ่มงาน" in front of every name printed
/// "หัวหน้ากลุ่มงานกลุ่มงานสุขภาพดิจิทัล" (issue 15 §9).
public enum UnitHeadTitle {
    /// Words a Thai unit name starts with when it already says what kind of unit it is.
    /// "กลุ่ม" covers "กลุ่มงาน".
    static let unitKinds = ["กลุ่ม", "ฝ่าย", "งาน", "ศูนย์", "สำนัก", "กอง", "ส่วน", "แผนก", "หน่วย"]

    public static func title(unitName: String) -> String {
        let name = unitName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { return "หัวหน้ากลุ่มงาน" }
        if name.hasPrefix("หัวหน้า") { return name }
        if unitKinds.contains(where: { name.hasPrefix($0) }) { return "หัวหน้า" + name }
        return "หัวหน้ากลุ่มงาน" + name
    }

    /// The lines under a head's signature: their position, then the head title, without
    /// printing the same words twice when the position already is the head title.
    public static func signatureLines(position: String, unitName: String) -> [String] {
        let title = title(unitName: unitName)
        let position = position.trimmingCharacters(in: .whitespacesAndNewlines)
        if position.isEmpty || squeezed(position) == squeezed(title) { return [title] }
        return [position, title]
    }

    private static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}
