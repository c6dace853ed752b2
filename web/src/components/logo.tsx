/** The Twofold mark: a shield made of two overlapping folds, and the word mark. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg
      class="logo-mark"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="8" fill="var(--brand)" />
      <path
        d="M9 11.5 16 8l7 3.5v5.2c0 4.3-3 7.6-7 8.8-4-1.2-7-4.5-7-8.8z"
        fill="none"
        stroke="#fff"
        stroke-width="2.2"
        stroke-linejoin="round"
      />
      <path
        d="m12.8 16.4 2.3 2.3 4.3-4.4"
        fill="none"
        stroke="#fff"
        stroke-width="2.2"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

export function Logo({ name }: { name: string }) {
  return (
    <span class="logo">
      <LogoMark />
      <span class="logo-word">{name}</span>
    </span>
  );
}
