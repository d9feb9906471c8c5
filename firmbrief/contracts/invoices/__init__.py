"""Invoices: numbered from one register per business, credit notes, Factur-X PDF/A-3 with an
EPC QR code, one or many at once."""
