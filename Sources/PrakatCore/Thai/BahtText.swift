/// Amounts in Thai words, as written on official documents and cheques ("ตัวอักษร"):
/// `2,500,000.00` → `สองล้านห้าแสนบาทถ้วน`, `1.25` → `หนึ่งบาทยี่สิบห้าสตางค์`.
///
/// Reading rules (those of the Comptroller General's Department and Excel's BAHTTEXT):
/// - the tens digit 1 is "สิบ" and 2 is "ยี่สิบ";
/// - a units digit 1 is "เอ็ด" whenever any higher digit of the number is non-zero — also across
///   "ล้าน": 11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด, 1,000,001 หนึ่งล้านเอ็ด, 21,000,000 ยี่สิบเอ็ดล้าน —
///   but "หนึ่ง" when it stands alone: 1 หนึ่ง, 1,000,000 หนึ่งล้าน;
/// - digits are grouped by millions, so 10¹² is หนึ่งล้านล้าน;
/// - whole amounts end in "บาทถ้วน"; satang are read as a number of their own ("หนึ่งสตางค์"
///   for 0.01), and an amount below one baht has no "บาท" part ("ห้าสิบสตางค์").
public enum BahtText {
    public static func words(_ amount: Baht) -> String {
        let baht = amount.bahtPart
        let satang = amount.satangPart
        let sign = amount.satang < 0 ? "ลบ" : ""
        switch (baht, satang) {
        case (0, 0): return "ศูนย์บาทถ้วน"
        case (0, _): return sign + number(satang) + "สตางค์"
        case (_, 0): return sign + number(baht) + "บาทถ้วน"
        default: return sign + number(baht) + "บาท" + number(satang) + "สตางค์"
        }
    }

    private static let digitNames = ["", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
    /// Place names within a group of six digits, units first.
    private static let placeNames = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]

    /// Words for a positive number; the part above a million is read as a number of its own
    /// followed by "ล้าน", which also gives ล้านล้าน for 10¹².
    static func number(_ n: UInt64) -> String {
        let millions = n / 1_000_000
        let head = millions > 0 ? number(millions) + "ล้าน" : ""
        return head + belowMillion(Int(n % 1_000_000), hasHigherDigits: millions > 0)
    }

    /// Words for 0…999,999 ("" for 0); `hasHigherDigits` says that millions precede it.
    private static func belowMillion(_ n: Int, hasHigherDigits: Bool) -> String {
        var words = ""
        var rest = n
        for place in stride(from: 5, through: 0, by: -1) {
            let unit = (0..<place).reduce(1) { product, _ in product * 10 }
            let digit = rest / unit
            rest %= unit
            guard digit > 0 else { continue }
            let hasHigher = hasHigherDigits || n >= unit * 10
            switch (place, digit) {
            case (1, 1): words += "สิบ"
            case (1, 2): words += "ยี่สิบ"
            case (0, 1) where hasHigher: words += "เอ็ด"
            default: words += digitNames[digit] + placeNames[place]
            }
        }
        return words
    }
}
