import type { ThemeConfig } from 'antd';

export const brandColor = '#1d4ed8';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: brandColor,
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#0f1f3d', headerPadding: '0 24px' },
    Breadcrumb: { linkColor: brandColor, linkHoverColor: '#3b6cf0', lastItemColor: 'rgba(0, 0, 0, 0.88)' },
    Menu: { darkItemBg: '#0f1f3d', darkSubMenuItemBg: '#0b1830', darkItemSelectedBg: brandColor },
  },
};
