import { forwardRef } from 'react';
import { Icon } from './Icon';

interface SearchInputProps {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label: string;
}

/** A search box; Escape clears it. Debounce the value where it is used (useDebounced). */
export const SearchInput = forwardRef<HTMLInputElement, SearchInputProps>(function SearchInput({ value, onChange, placeholder, label }, ref) {
  return (
    <div className="search">
      <Icon name="search" size={15} className="search-icon" />
      <input
        ref={ref}
        type="search"
        className="input search-input"
        value={value}
        placeholder={placeholder}
        aria-label={label}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value) {
            event.preventDefault();
            onChange('');
          }
        }}
      />
    </div>
  );
});
