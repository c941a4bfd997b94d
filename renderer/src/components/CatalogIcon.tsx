// Catalog icons: entries name `icons/catalog/NAME.svg` (bundled here at build time, inlined as
// data: URIs, which the CSP allows) or carry an inline `data:image/svg+xml` URI.

const bundled = import.meta.glob<string>('../../../resources/icons/catalog/*.svg', { eager: true, query: '?url', import: 'default' });
const byPath = new Map<string, string>(Object.entries(bundled).map(([file, url]) => [`icons/catalog/${file.slice(file.lastIndexOf('/') + 1)}`, url]));

export function catalogIconUrl(icon: string): string | undefined {
  if (icon.startsWith('data:image/svg+xml')) return icon;
  return byPath.get(icon);
}

export function CatalogIcon({ icon, name, size = 40 }: { icon: string; name: string; size?: number }) {
  const url = catalogIconUrl(icon);
  if (!url) {
    return (
      <span className="catalog-monogram" style={{ width: size, height: size }} aria-hidden="true">
        {name.slice(0, 2)}
      </span>
    );
  }
  return <img src={url} alt="" width={size} height={size} className="catalog-icon" />;
}
