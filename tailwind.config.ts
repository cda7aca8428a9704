import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef6ff",
          100: "#d9eaff",
          600: "#1f5fbf",
          700: "#194c99",
          800: "#163f7d",
        },
      },
    },
  },
  plugins: [],
} satisfies Config;
