"""GOV.UK form fields (placeholder: the front-end helper builds the real ones).

Contract:
- `DateField`: GOV.UK date input (day, month, year boxes); cleans to a `date`.
- `DateTimeField`: GOV.UK date input plus a time box ("14:30"); cleans to an aware
  datetime in Europe/London.
"""

from django import forms

DateField = forms.DateField
DateTimeField = forms.DateTimeField
