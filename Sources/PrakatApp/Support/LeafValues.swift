import LeafKit

/// The values of one view model for a template, built directly rather than through `Encodable`.
///
/// Leaf turns an `Encodable` context into its values with a container object for every nested
/// value and a dynamic cast of every value; the view models every public listing repeats (an
/// item's summary, the menu, the agency) were 6.6 % of an uncached home page's CPU that way
/// (100,000 items). Leaf's encoder takes a value that is `LeafDataRepresentable` as it is, so those
/// types conform and build their values here, by the encoder's rules: a nil optional is left
/// out, a list is a list of values. They stay `Encodable` (the JSON API and the other pages use
/// that), and `LeafValuesTests` checks that each builds exactly what its encoding gives, so a
/// field added to one and not to the other fails there.
struct LeafFields {
    private var values: [String: LeafData]

    init(capacity: Int) {
        values = .init(minimumCapacity: capacity)
    }

    mutating func callAsFunction(_ key: String, _ value: some LeafDataRepresentable) {
        values[key] = value.leafData
    }

    mutating func callAsFunction(_ key: String, _ value: (some LeafDataRepresentable)?) {
        if let value { values[key] = value.leafData }
    }

    mutating func callAsFunction(_ key: String, _ list: [some LeafDataRepresentable]) {
        values[key] = .array(list.map(\.leafData))
    }

    var leafData: LeafData { .dictionary(values) }
}
