import fc from "fast-check";
import { currencyExponent, MoneyFormatError, parseMoney, toDecimalString } from "./money";

describe("money", () => {
  it("knows each currency's decimals", () => {
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("BHD")).toBe(3);
  });

  it("parses typed amounts exactly", () => {
    expect(parseMoney("1234.56", "EUR")).toBe(123456n);
    expect(parseMoney("1,234.5", "EUR")).toBe(123450n);
    expect(parseMoney(" 7 ", "EUR")).toBe(700n);
    expect(parseMoney("-0.01", "EUR")).toBe(-1n);
    expect(parseMoney("0.1", "EUR") + parseMoney("0.2", "EUR")).toBe(parseMoney("0.3", "EUR"));
    expect(parseMoney("90071992547409931.23", "EUR")).toBe(9007199254740993123n);
    expect(parseMoney("500", "JPY")).toBe(500n);
  });

  it("refuses what is not an amount, and decimals the currency does not have", () => {
    for (const bad of ["", "abc", "1.2.3", "1e5", "--1", "1.234"]) {
      expect(() => parseMoney(bad, "EUR"), bad).toThrow(MoneyFormatError);
    }
    expect(() => parseMoney("1.5", "JPY")).toThrow(/no decimals/);
  });

  it("refuses a decimal comma rather than reading 1234,56 as 123456", () => {
    for (const bad of ["1234,56", "12,5", "1.234,56", ",50", "1,23", "12,34,567", "1,2345.00"]) {
      expect(() => parseMoney(bad, "EUR"), bad).toThrow(/write decimals with a point/);
    }
    expect(parseMoney("1,234,567.89", "EUR")).toBe(123456789n);
    expect(parseMoney("-1,000", "EUR")).toBe(-100000n);
    expect(parseMoney("1 234.50", "EUR")).toBe(123450n);
  });

  it("round-trips any amount through its decimal string", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.constantFrom("EUR", "JPY", "BHD"), (minor, currency) => {
        expect(parseMoney(toDecimalString(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});
