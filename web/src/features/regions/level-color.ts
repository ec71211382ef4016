export const levelColor: Record<string, string> = {
  province: 'geekblue',
  city: 'blue',
  county: 'cyan',
  township: 'green',
  village: 'gold',
  grid: 'purple',
};
